#!/usr/bin/env bash
#
# TLS audit (issue 13): Debian's testssl.sh against every TLS port of IEMS from the built
# distribution -- IMAPS 10993, POP3S 10995, SMTPS 10465 (implicit TLS), and STARTTLS on IMAP
# 10143, POP3 10110, submission 10587 and MX 10025. Writes each port's findings to
# $BENCH_DIR/results/testssl-PORT.txt and prints the lines testssl.sh rates as findings (LOW and
# worse, "NOT ok", VULNERABLE; not the headings of classes marked "(OK)"), so they can be listed in
# a note.
#
#   bench/tls-audit.sh
#
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/iems-instance.sh
mkdir -p "$B/results"
install_packages testssl.sh openssh-client bsdextrautils
unpack_iems
start_iems
trap 'kill "$IEMS_PID" 2>/dev/null || true' EXIT

audit() {
    local port=$1; shift
    local file="$B/results/testssl-$port.txt"
    # Debian installs testssl.sh as "testssl"
    testssl --quiet --color 0 --warnings off --sneaky "$@" "127.0.0.1:$port" > "$file" 2>&1 || true
    grep -q "Testing protocols" "$file" || { echo "testssl did not run against $port:"; cat "$file"; exit 1; }
    echo "== $port $* ($(grep -c . "$file") lines; full report $file)"
    local findings
    findings=$(grep -E '\b(LOW|MEDIUM|HIGH|CRITICAL|WARN)\b|NOT ok|VULNERABLE' "$file" | grep -v '(OK)' || true)
    if [ -n "$findings" ]; then sed 's/^/   /' <<< "$findings"; else echo "   no findings"; fi
}
audit 10993
audit 10995
audit 10465
audit 10143 --starttls imap
audit 10110 --starttls pop3
audit 10587 --starttls smtp
audit "$IEMS_SMTP" --starttls smtp
