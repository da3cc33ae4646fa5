#!/usr/bin/env bash
#
# IMAP concurrency checker (issue 15), the long run: CLIENTS clients (default 10) on two shared
# accounts' INBOXes for DURATION seconds (default 600) against the built distribution on Derby,
# each issuing a random mix of SELECT, FETCH, STORE with keywords, COPY, EXPUNGE, APPEND, SEARCH,
# IDLE and LOGOUT and checking every answer against the state it was told
# (testsupport's ImapChecker; the test suite runs it for 20 seconds in ConcurrencyCheckTest).
# Prints every problem and a summary line; exits 1 if there was any. Needs a built distribution
# and testsupport jar (mvn -DskipTests install); no root (no reference server is involved).
#
#   bench/imap-checker.sh
#   CLIENTS=20 DURATION=120 bench/imap-checker.sh
#
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/iems-instance.sh
CLIENTS=${CLIENTS:-10}
DURATION=${DURATION:-600}
IEMS_IMAP=10143
mkdir -p "$B/results"

install_packages openssh-client
unpack_iems
set_property org.iems.directory.cfg imap.default.domain bench.test
set_property org.iems.imapd.cfg imaps.enabled false
set_property org.iems.imapd.cfg host.name imap.bench.test
start_iems
trap 'kill "$IEMS_PID" 2>/dev/null || true' EXIT
add_account check1@bench.test check1pw
add_account check2@bench.test check2pw

# plaintext logins: the checker connects from loopback, which trusted.networks allows
status=0
java -cp "$(ls "$ROOT"/testsupport/target/iems-testsupport-*.jar | grep -v sources)" org.iems.testsupport.ImapChecker \
    127.0.0.1 "$IEMS_IMAP" "$CLIENTS" "$DURATION" check1@bench.test:check1pw check2@bench.test:check2pw \
    | tee "$B/results/imap-checker.txt" || status=$?
ps -o rss= -p "$IEMS_PID" | awk '{printf "IEMS RSS at the end: %d MB\n", $1 / 1024}' | tee -a "$B/results/imap-checker.txt"
exit $status
