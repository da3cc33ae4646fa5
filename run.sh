#!/usr/bin/env bash
#
# Quick start, command 1: builds IEMS if it is missing or older than its sources, then starts it
# in the foreground with the Karaf console (type "iems:" and TAB to see the commands, ^D to stop).
# Without a terminal (a script, CI, nohup) it runs in the foreground without a console; reach its
# shell with "./run.sh client" and stop it with "./run.sh stop" or Ctrl-C.
# Configuration lives in ./run/etc and data (database, logs) in ./run/data; builds never touch them
# (KARAF_ETC and KARAF_DATA override them). Each start adds to ./run/etc the files of the built
# distribution it does not have yet and changes none it has: edit ./run/etc/*.cfg, not etc/.
#
#   ./run.sh            start (console on a terminal, none otherwise)
#   ./run.sh client     the shell of the running instance (as admin; password in etc/admin.password)
#   ./run.sh stop       stop the running instance
#
set -euo pipefail
cd "$(dirname "$0")"
dist=karaf-assembly/target/assembly
export KARAF_DATA="${KARAF_DATA:-$PWD/run/data}"
export KARAF_ETC="${KARAF_ETC:-$PWD/run/etc}"
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
mkdir -p "$KARAF_DATA" "$KARAF_ETC"
# the distribution's etc/ from the archive (the unpacked folder's may hold an old run's secrets)
tar xzf karaf-assembly/target/iems-karaf-assembly-*.tar.gz -C "$KARAF_ETC" --strip-components 2 \
    --skip-old-files --wildcards '*/etc/*'
if [ $# -eq 0 ] && [ ! -t 0 ]; then
    echo "No terminal: IEMS runs without a console. Shell: ./run.sh client; stop: ./run.sh stop or Ctrl-C."
    exec "$dist/bin/karaf" server
fi
exec "$dist/bin/karaf" "$@"
