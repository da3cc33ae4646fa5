#!/usr/bin/env bash
#
# Quick start, command 1: builds IEMS if it is missing or older than its sources, then starts it
# in the foreground with the Karaf console (type "iems:" and TAB to see the commands, ^D to stop).
# Without a terminal (a script, CI, nohup) it runs in the foreground without a console; reach its
# shell with "./run.sh client" and stop it with "./run.sh stop" or Ctrl-C.
# Data (database, logs) lives in ./run/data and survives rebuilds; KARAF_DATA overrides it.
#
#   ./run.sh            start (console on a terminal, none otherwise)
#   ./run.sh client     the shell of the running instance (as admin; password in etc/admin.password)
#   ./run.sh stop       stop the running instance
#
set -euo pipefail
cd "$(dirname "$0")"
dist=karaf-assembly/target/assembly
export KARAF_DATA="${KARAF_DATA:-$PWD/run/data}"
case "${1:-}" in
    client) shift; exec "$dist/bin/client" -u admin "$@" ;;
    stop) exec "$dist/bin/stop" ;;
esac
stamp="$dist/bin/karaf"
if [ ! -x "$stamp" ] || [ -n "$(find pom.xml bundles features etc karaf-assembly/src karaf-assembly/pom.xml \
        -newer "$stamp" -type f -not -path '*/target/*' -print -quit)" ]; then
    echo "Building IEMS (mvn install, tests skipped) ..."
    mvn -B -q -DskipTests install -pl karaf-assembly -am
fi
mkdir -p "$KARAF_DATA"
if [ $# -eq 0 ] && [ ! -t 0 ]; then
    echo "No terminal: IEMS runs without a console. Shell: ./run.sh client; stop: ./run.sh stop or Ctrl-C."
    exec "$dist/bin/karaf" server
fi
exec "$dist/bin/karaf" "$@"
