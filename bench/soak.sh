#!/usr/bin/env bash
#
# Soak benchmark (issue 14): does IEMS's memory stay flat? Mixed load for DURATION seconds (default
# 3600) — SMTP in (Postfix's smtp-source, a burst of BURST 5 KB messages every 10 s to two accounts)
# while an IMAP client (LOGIN, SELECT, FETCH of flags and a few bodies, STORE \Seen, EXPUNGE of the
# oldest, LOGOUT) and a POP3 client (STAT, RETR, DELE of the oldest, QUIT) run in loops — then IDLE
# seconds (default 300) without load. Every minute it prints IEMS's RSS and its heap after a full
# collection (jcmd GC.run, then GC.heap_info), and at the end the figures issue 14 asks for: RSS
# after the idle minutes against RSS after boot, and heap-after-GC at the start and the end of the
# load. Only IEMS runs; there is no reference server in this one.
#
# Needs root (Debian's postfix package for smtp-source), a JDK's jcmd and a built distribution.
#
#   bench/soak.sh                         # one hour of load, five idle minutes
#   DURATION=300 IDLE=60 bench/soak.sh    # the short version
#
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/iems-instance.sh
DURATION=${DURATION:-3600}
IDLE=${IDLE:-300}
BURST=${BURST:-100}
install_packages postfix
mkdir -p "$B"
unpack_iems
start_iems
add_account soak1@bench.test soak1pw
add_account soak2@bench.test soak2pw

# heap after a full collection, in MB
heap_after_gc() {
    jcmd "$IEMS_PID" GC.run >/dev/null
    jcmd "$IEMS_PID" GC.heap_info | awk '/ total /{for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub("K", "", v); printf "%d", v / 1024}; exit}'
}
rss() { awk '/VmRSS/{printf "%d", $2 / 1024}' "/proc/$IEMS_PID/status"; }
sample() { printf '%6s  %-5s %7s %9s\n' "$1" "$2" "$(rss)" "$(heap_after_gc)"; }

load_mail_access() {
    python3 - "$1" <<'PY'
import imaplib, poplib, sys, time
end = time.time() + float(sys.argv[1])
while time.time() < end:
    try:
        imap = imaplib.IMAP4("127.0.0.1", 10143)
        imap.login("soak1@bench.test", "soak1pw")
        typ, data = imap.select("INBOX")
        count = int(data[0])
        if count:
            imap.fetch("1:*", "(FLAGS RFC822.SIZE)")
            imap.fetch(f"{max(1, count - 4)}:{count}", "(BODY.PEEK[])")
            imap.store(f"{max(1, count - 4)}:{count}", "+FLAGS", "\\Seen")
            if count > 200:
                imap.store(f"1:{count - 200}", "+FLAGS", "\\Deleted")
                imap.expunge()
        imap.logout()
        pop = poplib.POP3("127.0.0.1", 10110)
        pop.user("soak2@bench.test")
        pop.pass_("soak2pw")
        n, _ = pop.stat()
        if n:
            pop.retr(1)
            for i in range(1, max(0, n - 200) + 1):
                pop.dele(i)
        pop.quit()
    except Exception as e:  # a failed session is reported, the loop goes on
        print(f"mail access error: {e}", file=sys.stderr)
    time.sleep(1)
PY
}

load_smtp() {
    local end=$((SECONDS + $1)) to
    while [ $SECONDS -lt $end ]; do
        for to in soak1@bench.test soak2@bench.test; do
            /usr/sbin/smtp-source -4 -s 5 -m "$BURST" -l 5000 -f loadgen@localhost -t "$to" \
                "127.0.0.1:$IEMS_SMTP" >/dev/null 2>&1 || echo "smtp-source failed" >&2
        done
        sleep 10
    done
}

printf '%6s  %-5s %7s %9s\n' "minute" "phase" "RSS MB" "heap MB"
boot_rss=$(rss)
sample 0 boot
load_smtp "$DURATION" &
smtp_pid=$!
load_mail_access "$DURATION" &
access_pid=$!
first_heap=""
for minute in $(seq 1 $((DURATION / 60))); do
    sleep 60
    line=$(sample "$minute" load)
    echo "$line"
    [ -n "$first_heap" ] || first_heap=$(echo "$line" | awk '{print $4}')
    last_heap=$(echo "$line" | awk '{print $4}')
done
wait "$smtp_pid" "$access_pid" || true
for minute in $(seq 1 $((IDLE / 60))); do
    sleep 60
    sample "+$minute" idle
done
idle_rss=$(rss)
delivered=$(shell 'iems:user-show soak1@bench.test' | awk '/Messages:/{print $2}')
echo
echo "RSS after boot ${boot_rss} MB, after ${IDLE} s idle ${idle_rss} MB ($(( (idle_rss - boot_rss) * 100 / boot_rss )) %; issue 14 asks for ≤ 10 %)"
echo "heap after GC: first load minute ${first_heap:-?} MB, last load minute ${last_heap:-?} MB"
echo "soak1's INBOX holds ${delivered:-?} messages (kept near 200 by the IMAP client)"
"${SSH[@]}" 'shutdown -f' >/dev/null 2>&1 || true
