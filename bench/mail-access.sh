#!/usr/bin/env bash
#
# Mail access benchmark (issue 4): the reference set-up's IMAP load (imapload.py: 8 clients, each
# session LOGIN, SELECT INBOX, FETCH 1:* (FLAGS RFC822.SIZE), 10 random BODY.PEEK[], STORE +FLAGS
# \Seen, LOGOUT) and POP3 load (pop3load.py: USER, PASS, STAT, UIDL, 10 random RETR, QUIT) against
# IEMS and against Dovecot on loopback, on the same 2,000-message mailbox (populate_mailbox.py,
# seed 42), in the same run, alternating. Both without TLS, as the reference set-up runs Dovecot;
# IEMS allows plaintext logins from loopback (trusted.networks) and, like Dovecot's default,
# several POP3 sessions of one user at once (lock.maildrops = false).
#
# Needs root (Debian's dovecot and postfix packages, configured by the reference set-up's
# setup_servers.sh on 127.0.0.1:1110/1143/2525), a built distribution (mvn -DskipTests install) and
# the reference load scripts (IEMS_BENCH_LIB, default ../shared/bench).
#
#   bench/mail-access.sh               # 1 warm-up and 3 measured runs each, IMAP then POP3
#   RUNS=1 ITERATIONS=20 PROTOCOLS=imap bench/mail-access.sh
#   PROTOCOLS= LARGE_MESSAGES=100000 bench/mail-access.sh   # only the large-mailbox probe
#
# With LARGE_MESSAGES > 0, bench/imap_large_mailbox.py then fills a mailbox LARGE with that many
# messages on both servers (LARGE_SERVERS, default "iems dovecot") and times SELECT, FETCH, SEARCH,
# STORE and STATUS on it. Dovecot's Maildir takes 100,000 APPENDs slowly (about 50/s here).
#
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/iems-instance.sh
RUNS=${RUNS:-3}
CLIENTS=${CLIENTS:-8}
ITERATIONS=${ITERATIONS:-50}
MESSAGES=${MESSAGES:-2000}
IEMS_POP3=10110
IEMS_IMAP=10143
PROTOCOLS=${PROTOCOLS-imap pop3}
LARGE_MESSAGES=${LARGE_MESSAGES:-0}
LARGE_SERVERS=${LARGE_SERVERS:-iems dovecot}
mkdir -p "$B/results" && rm -f "$B"/results/imap-*.json "$B"/results/pop3-*.json

# ---- the reference: Postfix delivering to Dovecot's Maildir, Dovecot on 127.0.0.1:1110
install_packages postfix dovecot-pop3d dovecot-imapd openssh-client
bench_users bench1 bench2
bash "$LIB/setup_servers.sh"
bash "$LIB/servers.sh" stop >/dev/null 2>&1 || true
bash "$LIB/servers.sh" start
maildir_count() { find "$B/mail/bench2/Maildir/new" "$B/mail/bench2/Maildir/cur" -type f 2>/dev/null | wc -l; }
if [ "$(maildir_count)" -ne "$MESSAGES" ]; then
    rm -rf "$B/mail/bench2/Maildir"
    python3 "$LIB/populate_mailbox.py" --via smtp --port 2525 --to bench2@localhost -n "$MESSAGES"
    until [ "$(maildir_count)" -ge "$MESSAGES" ]; do sleep 1; done
fi

# ---- IEMS, from the built distribution: POP3 on 127.0.0.1:10110, account bench2@bench.test
unpack_iems
set_property org.iems.directory.cfg pop3.default.domain bench.test
set_property org.iems.directory.cfg imap.default.domain bench.test
set_property org.iems.pop3d.cfg pop3.host 127.0.0.1
set_property org.iems.pop3d.cfg pop3.port $IEMS_POP3
set_property org.iems.pop3d.cfg pop3s.enabled false
set_property org.iems.pop3d.cfg host.name pop.bench.test
set_property org.iems.pop3d.cfg lock.maildrops false
set_property org.iems.imapd.cfg imap.host 127.0.0.1
set_property org.iems.imapd.cfg imap.port $IEMS_IMAP
set_property org.iems.imapd.cfg imaps.enabled false
set_property org.iems.imapd.cfg host.name imap.bench.test
start_iems
add_account bench2@bench.test bench2pw
trap 'kill "$IEMS_PID" 2>/dev/null || true' EXIT
python3 "$LIB/populate_mailbox.py" --via smtp --port $IEMS_SMTP --to bench2@bench.test -n "$MESSAGES"
until [ "$(shell 'iems:user-show bench2@bench.test' | awk '/^Messages:/ {print $2}')" = "$MESSAGES" ]; do sleep 1; done
shell 'iems:user-show bench2@bench.test'

# ---- the load, alternating; a warm-up session set for each first (a JVM starts interpreted)
load() {
    local protocol=$1; shift
    python3 "$LIB/${protocol}load.py" --user bench2 --password bench2pw --clients "$CLIENTS" "$@"
}
for protocol in $PROTOCOLS; do
    if [ "$protocol" = imap ]; then dovecot=1143; iems=$IEMS_IMAP; else dovecot=1110; iems=$IEMS_POP3; fi
    load "$protocol" --port $dovecot --iterations 5 --runs 1 --server-pidfile /run/dovecot/master.pid \
        --label "dovecot $protocol warm-up"
    load "$protocol" --port "$iems" --iterations 20 --runs 1 --server-pid "$IEMS_PID" --label "iems $protocol warm-up"
    for round in $(seq 1 "$RUNS"); do
        load "$protocol" --port $dovecot --iterations "$ITERATIONS" --runs 1 --server-pidfile /run/dovecot/master.pid \
            --label "dovecot $protocol round $round" --json "$B/results/$protocol-dovecot-$round.json"
        load "$protocol" --port "$iems" --iterations "$ITERATIONS" --runs 1 --server-pid "$IEMS_PID" \
            --label "iems $protocol round $round" --json "$B/results/$protocol-iems-$round.json"
    done
done

if [ "$LARGE_MESSAGES" -gt 0 ]; then
    large() { python3 "$ROOT/bench/imap_large_mailbox.py" --user bench2 --password bench2pw \
        --messages "$LARGE_MESSAGES" "$@"; }
    for server in $LARGE_SERVERS; do
        if [ "$server" = iems ]; then large --port $IEMS_IMAP --label iems; else large --port 1143 --label dovecot; fi
    done
fi

bash "$LIB/servers.sh" stop >/dev/null
for protocol in $PROTOCOLS; do
    python3 bench/summary.py "$B/results" access "$protocol-dovecot" "$protocol-iems" "$RUNS"
done
