# Sourced by the benchmark scripts, from the checkout's top folder: the parts they share. Sets ROOT
# (the checkout), LIB (the reference load scripts, IEMS_BENCH_LIB), B and BENCH_DIR (the work folder),
# IEMS_SMTP and IEMS_SSH (IEMS's loopback ports).
ROOT=$(pwd)
LIB=${IEMS_BENCH_LIB:-$(cd "$ROOT/../shared/bench" && pwd)}
export BENCH_DIR=${BENCH_DIR:-/tmp/iems-bench}
B=$BENCH_DIR
IEMS_SMTP=10025
IEMS_SSH=18101

# Installs the Debian packages not yet installed, without starting their services.
install_packages() {
    local need=()
    for p in "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
    done
    if [ ${#need[@]} -gt 0 ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
        rm -f /usr/sbin/policy-rc.d
    fi
}

# Makes the reference's Unix mail users (bench_users USER…) with their homes in this run's
# $B/mail: users left by an earlier run with another BENCH_DIR keep their old home, where Postfix
# would deliver while the scripts wait for the messages in $B/mail (the reference set-up creates
# missing users only).
bench_users() {
    local u
    for u in "$@"; do
        getent passwd "$u" >/dev/null || useradd --system --no-create-home --home-dir "$B/mail/$u" \
            --shell /usr/sbin/nologin "$u"
        [ "$(getent passwd "$u" | cut -d: -f6)" = "$B/mail/$u" ] || usermod --home "$B/mail/$u" "$u"
        mkdir -p "$B/mail/$u" && chown "$u:$u" "$B/mail/$u"
    done
}

# Sets a property in one of the unpacked distribution's etc/ files: set_property FILE KEY VALUE.
set_property() { sed -i -E "s|^$2\s*=.*$|$2 = $3|" "$B/iems/etc/$1"; }

# Unpacks the built distribution into $B/iems: local domain bench.test, SMTP on
# 127.0.0.1:$IEMS_SMTP (MX only), the shell's SSH on $IEMS_SSH, every other listener and JMX on
# private loopback ports (all_listeners_on_loopback), so nothing clashes with a server already
# on the standard ports.
unpack_iems() {
    local archive
    archive=$(ls "$ROOT"/karaf-assembly/target/iems-karaf-assembly-*.tar.gz)
    # a previous run's server may still be stopping, writing into the folder
    while pgrep -f "karaf.base=$B/iems" >/dev/null; do pkill -f "karaf.base=$B/iems"; sleep 1; done
    rm -rf "$B/iems" && mkdir -p "$B/iems"
    tar xzf "$archive" -C "$B/iems" --strip-components 1
    set_property org.iems.directory.cfg local.domain bench.test
    set_property org.iems.smtpd.cfg mx.host 127.0.0.1
    set_property org.iems.smtpd.cfg mx.port "$IEMS_SMTP"
    set_property org.iems.smtpd.cfg submission.enabled false
    set_property org.iems.smtpd.cfg smtps.enabled false
    set_property org.iems.smtpd.cfg host.name mx.bench.test
    set_property org.apache.karaf.shell.cfg sshPort "$IEMS_SSH"
    all_listeners_on_loopback
}

# Puts every listener of the unpacked distribution on loopback: IMAP 10143, IMAPS 10993, POP3 10110,
# POP3S 10995, submission 10587, SMTPS 10465, JMX 11099 and 14444 (and MX on $IEMS_SMTP).
all_listeners_on_loopback() {
    set_property org.apache.karaf.management.cfg rmiRegistryPort 11099
    set_property org.apache.karaf.management.cfg rmiServerPort 14444
    local listener
    for listener in imapd:imap:10143 imapd:imaps:10993 pop3d:pop3:10110 pop3d:pop3s:10995 \
            smtpd:submission:10587 smtpd:smtps:10465; do
        IFS=: read -r daemon name port <<< "$listener"
        set_property "org.iems.$daemon.cfg" "$name.enabled" true
        set_property "org.iems.$daemon.cfg" "$name.host" 127.0.0.1
        set_property "org.iems.$daemon.cfg" "$name.port" "$port"
    done
}

# Starts the unpacked server and waits for its shell; sets SSH (the command line of the shell,
# for scripts the load tools run), IEMS_PID and the function shell COMMAND. The shell goes through
# OpenSSH and a key: counting messages once a second with Karaf's bin/client would start a JVM
# each time, on the cores the servers are measured on.
start_iems() {
    rm -f "$B/shell-key" "$B/shell-key.pub" && ssh-keygen -q -t rsa -b 2048 -N '' -f "$B/shell-key"
    echo "karaf=$(awk '{print $2}' "$B/shell-key.pub"),_g_:admingroup" >> "$B/iems/etc/keys.properties"
    SSH=(ssh -q -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -i "$B/shell-key"
        -p "$IEMS_SSH" karaf@127.0.0.1)
    (cd "$B/iems" && nohup bin/karaf server > "$B/iems/console.log" 2>&1 &)
    until shell 'iems:queue-stats' | grep -q Messages; do sleep 1; done
    IEMS_PID=$(pgrep -f "karaf.base=$B/iems" | head -1)
}

shell() { "${SSH[@]}" "$1" 2>/dev/null; }

# Creates an account: add_account ADDRESS PASSWORD. The shell takes no password on its command
# line; it is handed over in a file only this user can read, removed at once.
add_account() {
    local file="$B/password-$$" tries=0
    (umask 077 && printf '%s\n' "$2" > "$file")
    # the iems: commands register a moment after queue-stats answers
    until shell "iems:user-add --password-file $file $1" | grep -q "Account added"; do
        tries=$((tries + 1)); [ $tries -lt 30 ] || { echo "cannot create $1" >&2; exit 1; }; sleep 1
    done
    rm -f "$file"
}
