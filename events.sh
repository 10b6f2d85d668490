#!/usr/bin/env bash
# Prints the records of an event topic as JSON lines, decoded: package-events, replication-events,
# permission-events, service-visibility-events, or a dead-letter topic error.<topic>.<group> with the reason of
# each dead letter. Reads from the topic's beginning without a consumer group, so no service's offsets move.
#
#   ./events.sh package-events                                   every record so far, then ends
#   ./events.sh --follow replication-events                      and new ones until Ctrl-C
#   ./events.sh --max 5 error.replication-events.mapping-service
#   ./events.sh --bootstrap-servers 127.0.0.1:39092 package-events   another broker (or KAFKA_BOOTSTRAP_SERVERS)
set -euo pipefail
cd "$(dirname "$0")"
jar=event-reader/target/event-reader-0.1.0-SNAPSHOT-exec.jar
# Built on first use, and again when its sources or the event schemas changed since.
if [ ! -f "$jar" ] || [ -n "$(find event-reader/src event-reader/pom.xml schemas/src schemas/pom.xml pom.xml \
	-newer "$jar" -print -quit 2>/dev/null)" ]; then
	./mvnw -B -q -pl event-reader -am package -DskipTests >&2
fi
exec java -jar "$jar" "$@"
