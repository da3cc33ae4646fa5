#!/usr/bin/env bash
#
# Handshake flood benchmark (issue 13): what a trusted client feels while strangers fail TLS
# handshakes by the thousand. IEMS runs from the built distribution with IMAP on 127.0.0.1:10143
# and IMAPS, POP3S and SMTPS on 10993, 10995, 10465. login_latency.py logs in over IMAP from
# 127.0.0.1 (connect, greeting, LOGIN, LOGOUT, every 50 ms) for PHASE_SECONDS without a flood, then
# again while handshake_flood.py sends RATE failed handshakes a second (a TLS 1.0 ClientHello,
# garbage, or half a ClientHello and hang up) from SOURCES addresses in 127.1.0.0/16 to the three
# TLS ports. Afterwards a client from one flooding address must still be served. Reports the
# latency percentiles of both phases, the flood rate reached and the server's RSS.
#
#   bench/handshake-flood.sh                  # RATE=2000 PHASE_SECONDS=60 SOURCES=200
#
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/iems-instance.sh
RATE=${RATE:-2000}
SECONDS_EACH=${PHASE_SECONDS:-60}
SOURCES=${SOURCES:-200}
IEMS_IMAP=10143
mkdir -p "$B/results"
out="$B/results/handshake-flood-$(date -u +%Y%m%dT%H%M%SZ).txt"

install_packages openssh-client python3
unpack_iems
# only 127.0.0.1 is trusted: the flood's 127.1.x.y addresses are strangers
for daemon in smtpd imapd pop3d; do set_property "org.iems.$daemon.cfg" trusted.networks 127.0.0.1; done
start_iems
trap 'kill "$IEMS_PID" 2>/dev/null || true' EXIT
add_account flood@bench.test flood-pw

{
    echo "# handshake flood, $(date -u), $(nproc) cores, rate $RATE/s, $SOURCES sources, $SECONDS_EACH s per phase"
    python3 bench/login_latency.py --port $IEMS_IMAP --user flood@bench.test --password flood-pw \
        --seconds "$SECONDS_EACH" --label "trusted IMAP logins, no flood"
    python3 bench/handshake_flood.py --port 10993 --port 10995 --port 10465 --rate "$RATE" \
        --seconds "$SECONDS_EACH" --sources "$SOURCES" &
    flood=$!
    python3 bench/login_latency.py --port $IEMS_IMAP --user flood@bench.test --password flood-pw \
        --seconds "$SECONDS_EACH" --label "trusted IMAP logins, during the flood"
    wait $flood
    echo "IEMS RSS after the flood: $(( $(awk '/VmRSS/ {print $2}' /proc/$IEMS_PID/status) / 1024 )) MB"
    python3 - <<'PY'
import imaplib, ssl
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
# a flooding address, served again once its attempts are over
import socket
raw = socket.create_connection(("127.0.0.1", 10993), source_address=("127.1.0.1", 0))
tls = context.wrap_socket(raw)
print("after the flood, a client from 127.1.0.1 is greeted:", tls.recv(200).decode().strip()[:40])
PY
} | tee "$out"
echo "results: $out"
