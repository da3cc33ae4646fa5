#!/usr/bin/env bash
#
# SMTP ingest benchmark (issue 3): Postfix's smtp-source, 20 sessions of 5 KB messages, against
# IEMS's smtpd and against a Postfix on loopback that delivers to a Maildir, in the same run,
# alternating (Postfix, IEMS, Postfix, IEMS …) so both see the same machine. Durability stays on
# for both: Postfix fsyncs its queue files, IEMS fsyncs blob and database before "250".
#
# Reports per server: accept rate (messages / time until smtp-source got every 250) and
# delivered-to-mailbox rate (messages / time until all are in the mailbox), with server CPU.
#
# Needs root (it configures the Debian postfix package on 127.0.0.1:2525 and creates the Unix
# user bench1), a built distribution (mvn -DskipTests install), and the load scripts of the
# reference set-up (smtp_bench.py, benchlib.py; IEMS_BENCH_LIB, default
# ../shared/bench).
#
#   bench/smtp-ingest.sh            # 2 warm-up and 3 measured runs each, 5000 messages
#   RUNS=1 MESSAGES=2000 bench/smtp-ingest.sh
#
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/iems-instance.sh
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-2}
MESSAGES=${MESSAGES:-5000}
SESSIONS=${SESSIONS:-20}
SIZE=${SIZE:-5000}
mkdir -p "$B/results" "$B/mail" && rm -f "$B"/results/postfix-*.json "$B"/results/iems-*.json

# ---- Postfix, the reference: 127.0.0.1:2525, local(8) delivery to ~bench1/Maildir/
install_packages postfix openssh-client
bench_users bench1
postconf -e "myhostname = localhost" "mydestination = localhost" "inet_interfaces = 127.0.0.1" \
    "inet_protocols = ipv4" "mynetworks = 127.0.0.0/8" "home_mailbox = Maildir/" "mailbox_command =" \
    "default_transport = error" "relay_transport = error"
sed -i -E 's/^smtp(\s+)inet(\s+)/127.0.0.1:2525 inet\2/' /etc/postfix/master.cf
newaliases
postfix status >/dev/null 2>&1 || postfix start
mkdir -p "$B/mail/bench1/Maildir/new" "$B/mail/bench1/Maildir/cur" "$B/mail/bench1/Maildir/tmp"
chown -R bench1:bench1 "$B/mail/bench1/Maildir"

# ---- IEMS, from the built distribution, on 127.0.0.1:10025, account bench1@bench.test
unpack_iems
start_iems
add_account bench1@bench.test bench1pw
cat > "$B/iems-delivered.sh" <<EOS
#!/bin/sh
${SSH[*]} 'iems:user-show bench1@bench.test' 2>/dev/null | awk '/^Messages:/ {print \$2}'
EOS
chmod +x "$B/iems-delivered.sh"

common=(-s "$SESSIONS" -m "$MESSAGES" -l "$SIZE" --runs 1 --gate-max-wait 30 --timeout 900)
# Unmeasured rounds first, for both servers alike: a JVM runs its first thousands of messages
# interpreted, and the figures that matter are a running server's.
for round in $(seq 1 "$WARMUP"); do
    python3 "$LIB/smtp_bench.py" --port 2525 --to bench1@localhost "${common[@]}" \
        --wait-maildir "$B/mail/bench1/Maildir" --clear-maildir --wait-postfix-queue \
        --server-pidfile /var/spool/postfix/pid/master.pid --label "postfix warm-up $round"
    python3 "$LIB/smtp_bench.py" --port $IEMS_SMTP --to bench1@bench.test "${common[@]}" \
        --wait-cmd "$B/iems-delivered.sh" --poll 1 --server-pid "$IEMS_PID" --label "iems warm-up $round"
done
for round in $(seq 1 "$RUNS"); do
    python3 "$LIB/smtp_bench.py" --port 2525 --to bench1@localhost "${common[@]}" \
        --wait-maildir "$B/mail/bench1/Maildir" --clear-maildir --wait-postfix-queue \
        --server-pidfile /var/spool/postfix/pid/master.pid --label "postfix round $round" \
        --json "$B/results/postfix-$round.json"
    python3 "$LIB/smtp_bench.py" --port $IEMS_SMTP --to bench1@bench.test "${common[@]}" \
        --wait-cmd "$B/iems-delivered.sh" --poll 1 --server-pid "$IEMS_PID" --label "iems round $round" \
        --json "$B/results/iems-$round.json"
done

shell 'iems:queue-stats'
kill "$IEMS_PID"
postfix stop
python3 bench/summary.py "$B/results" smtp postfix iems "$RUNS"
