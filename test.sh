#!/usr/bin/env bash
#
# Quick start, command 2: installs the Debian packages the tests need, then runs every test:
# unit tests, the directory's storage tests on Derby and on a real PostgreSQL server (started by
# the tests on a free loopback port), and the Pax Exam itests that boot the distribution.
#
set -euo pipefail
cd "$(dirname "$0")"

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

packages=(postgresql swaks curl fetchmail mutt isync postfix python3-aiosmtpd dnsmasq-base openssl systemd)
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    # Debian starts service daemons on install; the tests start their own on loopback instead.
    created_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
        $sudo chmod +x /usr/sbin/policy-rc.d
        created_policy=yes
    fi
    $sudo apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    if [ -n "$created_policy" ]; then
        $sudo rm -f /usr/sbin/policy-rc.d
    fi
fi

exec mvn -B clean install -Ppostgres "$@"
