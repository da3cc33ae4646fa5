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
# IEMS_BENCH_LIB, default ../shared/bench); bench/summary.py prints the side-by-side table.
#
#   bench/relay.sh                  # 2 warm-up and 3 measured runs each, 5000 messages
#   RUNS=1 MESSAGES=2000 bench/relay.sh
#
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/iems-instance.sh
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-2}
MESSAGES=${MESSAGES:-5000}
SESSIONS=${SESSIONS:-20}
SIZE=${SIZE:-5000}
SINK_PORT=2527
mkdir -p "$B/results/relay" && rm -f "$B"/results/relay/*.json

install_packages postfix openssh-client

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
unpack_iems
set_property org.iems.smtpc.cfg transport.map "relay.test=[127.0.0.1]:$SINK_PORT"
set_property org.iems.smtpc.cfg destination.concurrency 20
set_property org.iems.smtpc.cfg helo.name mx.bench.test
start_iems

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
python3 bench/summary.py "$B/results/relay" smtp postfix iems "$RUNS"
