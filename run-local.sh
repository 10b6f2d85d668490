#!/usr/bin/env bash
# Builds and starts the local platform: a real Kafka broker (KRaft) and one MongoDB-compatible store per
# service, on loopback, with data under .run/local-platform. Options are passed on; try --help.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -pl local-platform -am package -DskipTests
# Run from a copy named after its content: a later build rewrites the jar in target/, and a running JVM whose
# jar changes under it fails to load its classes.
jar=local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar
mkdir -p .run/bin
copy=".run/bin/local-platform-$(sha256sum "$jar" | cut -c1-16).jar"
[ -f "$copy" ] || cp "$jar" "$copy"
find .run/bin -name 'local-platform-*.jar' ! -path "$copy" -mtime +1 -delete 2>/dev/null || true
exec java -jar "$copy" "$@"
