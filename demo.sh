#!/usr/bin/env bash
# Plays the product's main scenario against a running system through its public APIs (./run-local.sh starts the system
# and runs this): an ISV's draft, a distribution in which one region fails and is retried, a template rendered
# per region, a private package that a public service opens to a customer, and a second version replacing the
# first. Exits 0 only if every step ended as expected.
#
#   ./demo.sh [--port-base 8081] [--template file.yaml] [--timeout-seconds 300]
set -euo pipefail
cd "$(dirname "$0")"
jar=demo/target/demo-0.1.0-SNAPSHOT-exec.jar
# Built on first use, and again when its sources changed since.
if [ ! -f "$jar" ] || [ -n "$(find demo/src demo/pom.xml pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
	./mvnw -B -q -pl demo -am package -DskipTests
fi
exec java -jar "$jar" "$@"
