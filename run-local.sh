#!/usr/bin/env bash
# Builds and starts the local platform: a real Kafka broker (KRaft) and one MongoDB-compatible store per
# service, on loopback, with data under .run/local-platform. Options are passed on; try --help.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -pl local-platform -am package -DskipTests
exec java -jar local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar "$@"
