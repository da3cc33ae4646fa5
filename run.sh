#!/usr/bin/env bash
#
# Quick start, command 1: builds IEMS if it is missing or older than its sources, then starts it
# in the foreground with the Karaf console (type "iems:" and TAB to see the commands, ^D to stop).
# Data (database, logs) lives in ./run/data and survives rebuilds; KARAF_DATA overrides it.
#
set -euo pipefail
cd "$(dirname "$0")"
dist=karaf-assembly/target/assembly
stamp="$dist/bin/karaf"
if [ ! -x "$stamp" ] || [ -n "$(find pom.xml bundles features etc karaf-assembly/src karaf-assembly/pom.xml \
        -newer "$stamp" -type f -not -path '*/target/*' -print -quit)" ]; then
    echo "Building IEMS (mvn install, tests skipped) ..."
    mvn -B -q -DskipTests install -pl karaf-assembly -am
fi
export KARAF_DATA="${KARAF_DATA:-$PWD/run/data}"
mkdir -p "$KARAF_DATA"
exec "$dist/bin/karaf" "$@"
