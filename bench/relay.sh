#!/usr/bin/env bash
#
# Relay benchmark (issue 5): Postfix's smtp-source, 20 sessions of 5 KB messages for a remote
# domain (relay.test), through IEMS and through Postfix, each relaying to the same smtp-sink on
# loopback; in the same run, alternating (Postfix, IEMS, Postfix, IEMS …) so both see the same
# machine. Durability stays on for both (each fsyncs its queue before "250"). smtp-sink writes
# each message it takes to a file; a message counts as relayed when its file is there.
#
# Reports per relay: accept rate (messages / time until smtp-source got every 250) and end-to-end
# rate (messages / time until the sink has them all), with server CPU and memory. Both relays get
# 20 connections to the destination (Postfix's default_destination_concurrency_limit; IEMS's
# destination.concurrency is set to match).
#
# Needs root (it configures the Debian postfix package on 127.0.0.1:2525), a built distribution
# (mvn -DskipTests install) and the reference load scripts (smtp_bench.py, benchlib.py,
# summarize.py; IEMS_BENCH_LIB, default ../shared/bench).
#
#   bench/relay.sh                  # 2 warm-up and 3 measured runs each, 5000 messages
#   RUNS=1 MESSAGES=2000 bench/relay.sh
#
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
LIB=${IEMS_BENCH_LIB:-$(cd "$ROOT/../shared/bench" && pwd)}
B=${BENCH_DIR:-/tmp/iems-bench}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-2}
MESSAGES=${MESSAGES:-5000}
SESSIONS=${SESSIONS:-20}
SIZE=${SIZE:-5000}
SINK_PORT=2527
IEMS_SMTP=10025
IEMS_SSH=18101
mkdir -p "$B/results/relay"

if ! command -v smtp-source >/dev/null || ! command -v ssh >/dev/null || ! dpkg -s postfix >/dev/null 2>&1; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix openssh-client
    rm -f /usr/sbin/policy-rc.d
fi

# ---- the destination: smtp-sink on 127.0.0.1:2527, one file per message under $B/sink
rm -rf "$B/sink" && mkdir -p "$B/sink" && chown postfix "$B/sink"
/usr/sbin/smtp-sink -4 -u postfix -d "$B/sink/%H%M." 127.0.0.1:$SINK_PORT 1024 &
SINK_PID=$!
echo "find $B/sink -type f | wc -l" > "$B/sink-count.sh" && chmod +x "$B/sink-count.sh"

# ---- Postfix, the reference relay: 127.0.0.1:2525, mail for relay.test to the sink
postconf -e "myhostname = localhost" "mydestination = localhost" "inet_interfaces = 127.0.0.1" \
    "inet_protocols = ipv4" "mynetworks = 127.0.0.0/8" "default_transport = smtp" "relay_transport = smtp" \
    "transport_maps = inline:{ relay.test=smtp:[127.0.0.1]:$SINK_PORT }" "smtp_tls_security_level = none"
sed -i -E 's/^smtp(\s+)inet(\s+)/127.0.0.1:2525 inet\2/' /etc/postfix/master.cf
newaliases
postfix status >/dev/null 2>&1 && postfix reload || postfix start

# ---- IEMS, from the built distribution, on 127.0.0.1:10025, relaying relay.test to the sink
archive=$(ls "$ROOT"/karaf-assembly/target/iems-karaf-assembly-*.tar.gz)
rm -rf "$B/iems" && mkdir -p "$B/iems"
tar xzf "$archive" -C "$B/iems" --strip-components 1
set_property() { sed -i -E "s|^$2\s*=.*$|$2 = $3|" "$B/iems/etc/$1"; }
set_property org.iems.directory.cfg local.domain bench.test
set_property org.iems.smtpd.cfg mx.host 127.0.0.1
set_property org.iems.smtpd.cfg mx.port $IEMS_SMTP
set_property org.iems.smtpd.cfg submission.enabled false
set_property org.iems.smtpd.cfg smtps.enabled false
set_property org.iems.smtpd.cfg host.name mx.bench.test
set_property org.iems.smtpc.cfg transport.map "relay.test=[127.0.0.1]:$SINK_PORT"
set_property org.iems.smtpc.cfg destination.concurrency 20
set_property org.iems.smtpc.cfg helo.name mx.bench.test
set_property org.apache.karaf.shell.cfg sshPort $IEMS_SSH
rm -f "$B/shell-key" "$B/shell-key.pub" && ssh-keygen -q -t rsa -b 2048 -N '' -f "$B/shell-key"
echo "karaf=$(awk '{print $2}' "$B/shell-key.pub"),_g_:admingroup" >> "$B/iems/etc/keys.properties"
SSH=(ssh -q -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -i "$B/shell-key"
    -p $IEMS_SSH karaf@127.0.0.1)
shell() { "${SSH[@]}" "$1" 2>/dev/null; }
(cd "$B/iems" && nohup bin/karaf server > "$B/iems/console.log" 2>&1 &)
until shell 'iems:queue-stats' | grep -q Messages; do sleep 1; done
IEMS_PID=$(pgrep -f "karaf.base=$B/iems" | head -1)

common=(-s "$SESSIONS" -m "$MESSAGES" -l "$SIZE" --to sink@relay.test --runs 1 --gate-max-wait 30 --timeout 900
    --wait-cmd "$B/sink-count.sh" --poll 0.5)
for round in $(seq 1 "$WARMUP"); do
    python3 "$LIB/smtp_bench.py" --port 2525 "${common[@]}" --wait-postfix-queue \
        --server-pidfile /var/spool/postfix/pid/master.pid --label "postfix relay warm-up $round"
    python3 "$LIB/smtp_bench.py" --port $IEMS_SMTP "${common[@]}" --server-pid "$IEMS_PID" \
        --label "iems relay warm-up $round"
done
for round in $(seq 1 "$RUNS"); do
    python3 "$LIB/smtp_bench.py" --port 2525 "${common[@]}" --wait-postfix-queue \
        --server-pidfile /var/spool/postfix/pid/master.pid --label "postfix relay round $round" \
        --json "$B/results/relay/postfix-$round.json"
    python3 "$LIB/smtp_bench.py" --port $IEMS_SMTP "${common[@]}" --server-pid "$IEMS_PID" \
        --label "iems relay round $round" --json "$B/results/relay/iems-$round.json"
done

shell 'iems:queue-stats'
kill "$IEMS_PID"
kill "$SINK_PID"
postfix stop
python3 "$LIB/summarize.py" "$B/results/relay" || true
