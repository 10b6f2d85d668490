#!/usr/bin/env bash
# Starts the whole system on the embedded default: the local platform (a real Kafka broker in KRaft mode and one
# MongoDB-compatible store per service, data under .run/local-platform), then the four services, then runs the
# demo job (./demo.sh: the product's main scenario through the public APIs). Ctrl-C stops everything cleanly.
# Logs go to .run/logs/.
#
#   ./run-local.sh                   everything, then the demo job; stays up until Ctrl-C
#   ./run-local.sh --no-demo         everything, without the demo job
#   ./run-local.sh --platform-only   only Kafka and the stores, in the foreground (as the services expect them)
#   ./run-local.sh --stop            stops the ./run-local.sh running from this folder (in another terminal)
#
# Other options go to the local platform (listed below). Services listen on 8081 to 8084, or from
# SERVICE_PORT_BASE on, with the JVM options in IMAGEPACK_SERVICE_JVM_OPTIONS if set; the local platform's JVM takes
# those in IMAGEPACK_PLATFORM_JVM_OPTIONS.
set -euo pipefail
cd "$(dirname "$0")"

platform_only=false
demo=true
stop=false
pid_file=.run/run-local.pid
platform_args=()
usage() {
	sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
	cat <<'TEXT'

Options of the local platform (also the --option=value form; they win over the environment variables):
  --data-dir <path>         run folder (LOCAL_PLATFORM_DATA_DIR, default .run/local-platform)
  --kafka-port <port>       Kafka's port (LOCAL_PLATFORM_KAFKA_PORT, default 9092)
  --controller-port <port>  the KRaft controller's port (LOCAL_PLATFORM_CONTROLLER_PORT, default 9093)
  --mongo-base-port <port>  the first store's port, the others follow (LOCAL_PLATFORM_MONGO_BASE_PORT, default 27017)
  --stores <a,b,...>        store names (LOCAL_PLATFORM_STORES, default one per service)
  --reset                   delete the run folder first
For example, away from the usual ports:
  SERVICE_PORT_BASE=48081 ./run-local.sh --kafka-port 49092 --controller-port 49093 --mongo-base-port 47017 \
    --data-dir /tmp/imagepack
TEXT
}

# Options are checked before anything is built, so that a mistyped one costs no build. The local platform checks
# the values of its own.
args=("$@")
i=0
while [ "$i" -lt "${#args[@]}" ]; do
	arg=${args[$i]}
	case "$arg" in
		-h | --help)
			if [ "$*" = "$arg" ]; then
				usage
				exit 0
			fi
			platform_args+=("$arg")
			;;
		--platform-only) platform_only=true ;;
		--no-demo) demo=false ;;
		--stop) stop=true ;;
		--reset | --data-dir=* | --kafka-port=* | --controller-port=* | --mongo-base-port=* | --stores=*)
			platform_args+=("$arg")
			;;
		--data-dir | --kafka-port | --controller-port | --mongo-base-port | --stores)
			platform_args+=("$arg")
			# Its value, unless it is missing, which the local platform then reports.
			if [ $((i + 1)) -lt "${#args[@]}" ] && [[ "${args[$((i + 1))]}" != --* ]]; then
				i=$((i + 1))
				platform_args+=("${args[$i]}")
			fi
			;;
		*)
			echo "run-local.sh: unknown option '$arg'" >&2
			echo >&2
			usage >&2
			exit 2
			;;
	esac
	i=$((i + 1))
done

# running_pid: the process ID of the ./run-local.sh running from this folder, if there is one. The file may outlive a
# run killed with -9 and its number be reused since, so the process must be bash running a run-local.sh and, where
# /proc tells, in this folder (another clone's run may have the number now).
running_pid() {
	local pid cwd
	pid=$(cat "$pid_file" 2>/dev/null || true)
	[[ "$pid" =~ ^[0-9]+$ ]] || return 1
	ps -p "$pid" -o args= 2>/dev/null | grep -Eq '^([^ ]*/)?bash ([^ ]*/)?run-local\.sh( |$)' || return 1
	if [ -d "/proc/$pid" ]; then
		cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 1
		[ "$cwd" = "$(pwd -P)" ] || return 1
	fi
	echo "$pid"
}

if $stop; then
	if ! pid=$(running_pid); then
		rm -f "$pid_file"
		echo "no ./run-local.sh is running from this folder"
		exit 0
	fi
	echo "stopping ./run-local.sh (pid $pid)"
	kill -TERM "$pid"
	# Its own stop gives the services 60 s before it kills them, then stops the platform.
	for _ in $(seq 1 240); do
		kill -0 "$pid" 2>/dev/null || { echo "stopped"; exit 0; }
		sleep 0.5
	done
	echo "./run-local.sh (pid $pid) has not stopped after 2 minutes; see .run/logs/" >&2
	exit 1
fi
services=(package-service replication-service mapping-service permission-service)
port_base=${SERVICE_PORT_BASE:-8081}
# The services' JVM options (IMAGEPACK_SERVICE_JVM_OPTIONS replaces them, split at spaces, without quoting): a 256 MB
# heap, an exit at the first OutOfMemoryError rather than running on half broken, and the serial collector.
# Four service JVMs and the platform share the machine's cores; G1's concurrent threads and write barriers took
# CPU the other processes needed, and with the serial collector the event pipeline ran about twice as fast on two
# cores and lookups answered more per second with a shorter tail (bench/README.md, fifteenth round). The platform
# keeps the JVM's defaults but for the exit on OutOfMemoryError (IMAGEPACK_PLATFORM_JVM_OPTIONS replaces that).
read -r -a platform_jvm <<<"${IMAGEPACK_PLATFORM_JVM_OPTIONS:--XX:+ExitOnOutOfMemoryError}"
read -r -a service_jvm <<<"${IMAGEPACK_SERVICE_JVM_OPTIONS:--Xmx256m -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC}"

# Run jars from copies named after their content: a later build rewrites the jars in target/, and a running JVM
# whose jar changes under it fails to load its classes.
copy_of() {
	local jar=$1 name
	name=$(basename "$jar" .jar)
	mkdir -p .run/bin
	# By absolute path, so that `ps` tells this folder's processes from another clone's.
	local copy="$PWD/.run/bin/$name-$(sha256sum "$jar" | cut -c1-16).jar"
	[ -f "$copy" ] || cp "$jar" "$copy"
	# Older copies go at once: a running JVM keeps reading a deleted file, it only fails on one rewritten in place.
	find "$PWD/.run/bin" -name "$name-*.jar" ! -path "$copy" -delete 2>/dev/null || true
	echo "$copy"
}

if $platform_only; then
	./mvnw -B -q -pl local-platform -am package -DskipTests
	exec java "${platform_jvm[@]}" -jar "$(copy_of local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar)" "${platform_args[@]}"
fi

if pid=$(running_pid); then
	echo "a ./run-local.sh is already running from this folder (pid $pid); stop it with ./run-local.sh --stop" >&2
	exit 1
fi
# Written at once, so that --stop works during the build too; removed on the way out.
mkdir -p .run
echo "$$" >"$pid_file"
build_pid=
stop_build() {
	if [ -n "$build_pid" ]; then
		kill -TERM "$build_pid" 2>/dev/null || true
	fi
	[ "$(cat "$pid_file" 2>/dev/null)" = "$$" ] && rm -f "$pid_file"
}
trap stop_build EXIT
trap 'exit 130' INT TERM

echo "building (quiet; a few minutes the first time)"
# In the background and waited for, so that a stop does not wait for the build to end.
./mvnw -B -q -pl local-platform,package-service,replication-service,mapping-service,permission-service,demo -am \
	package -DskipTests &
build_pid=$!
wait "$build_pid"
build_pid=
mkdir -p .run/logs
# The previous run's logs stay beside the new ones, as *.log.previous, for a run that ended badly.
for log in .run/logs/*.log; do
	[ -f "$log" ] && mv -f "$log" "$log.previous"
done
pids=()
demo_pid=
stop_all() {
	trap - EXIT INT TERM
	echo "stopping"
	if [ -n "$demo_pid" ]; then
		kill -TERM "$demo_pid" 2>/dev/null || true
		wait "$demo_pid" 2>/dev/null || true
	fi
	if [ ${#pids[@]} -gt 0 ]; then
		# Services first, all at once, so that they leave the broker and their stores cleanly; the platform last.
		# Without the platform there is nothing to leave cleanly, and a service would spend a minute retrying
		# Kafka, so it gets less time before it is killed.
		local grace=60 service alive k
		kill -0 "${pids[0]}" 2>/dev/null || grace=10
		for service in "${pids[@]:1}"; do
			kill -TERM "$service" 2>/dev/null || true
		done
		for ((i = 0; i < grace * 2; i++)); do
			alive=false
			for service in "${pids[@]:1}"; do
				kill -0 "$service" 2>/dev/null && alive=true
			done
			$alive || break
			sleep 0.5
		done
		for ((k = 1; k < ${#pids[@]}; k++)); do
			if kill -0 "${pids[k]}" 2>/dev/null; then
				echo "${services[k - 1]} did not stop within $grace s; killed"
				kill -KILL "${pids[k]}" 2>/dev/null || true
			fi
			wait "${pids[k]}" 2>/dev/null || true
		done
		kill -TERM "${pids[0]}" 2>/dev/null || true
		wait "${pids[0]}" 2>/dev/null || true
	fi
	[ "$(cat "$pid_file" 2>/dev/null)" = "$$" ] && rm -f "$pid_file"
	echo "stopped"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

platform_log=.run/logs/local-platform.log
platform_jar=$(copy_of local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar)
# Emptied before the platform starts, so that the wait below cannot find the previous run's "ready".
: >"$platform_log"
java "${platform_jvm[@]}" -jar "$platform_jar" "${platform_args[@]}" >>"$platform_log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
	grep -qs '^ready$' "$platform_log" && break
	kill -0 "${pids[0]}" 2>/dev/null || { cat "$platform_log"; echo "the local platform did not start" >&2; exit 1; }
	sleep 0.5
done
grep -q '^ready$' "$platform_log" || { echo "the local platform did not get ready in 2 minutes; see $platform_log" >&2; exit 1; }
sed '/^ready$/q' "$platform_log" | grep -v '^ready$'
kafka=$(awk '$1 == "kafka" { print $2; exit }' "$platform_log")

port=$port_base
for service in "${services[@]}"; do
	uri=$(awk -v s="$service" '$1 == "mongo" && $2 == s { print $3; exit }' "$platform_log")
	KAFKA_BOOTSTRAP_SERVERS=$kafka MONGODB_URI=$uri SERVER_PORT=$port \
		java "${service_jvm[@]}" -jar "$(copy_of "$service/target/$service-0.1.0-SNAPSHOT.jar")" \
		>".run/logs/$service.log" 2>&1 &
	pids+=($!)
	printf '  %-26s http://127.0.0.1:%s (log .run/logs/%s.log)\n' "$service" "$port" "$service"
	port=$((port + 1))
done
# Waits up to 3 minutes for every service to answer healthy. A service that ends meanwhile (a JVM option it
# refuses, too small a heap) is reported at once, with every other that ended by a second later.
healthy=()
ended() { ! kill -0 "${pids[$(($1 + 1))]}" 2>/dev/null; }
for _ in $(seq 1 360); do
	pending=()
	for i in "${!services[@]}"; do
		[ -n "${healthy[i]:-}" ] && continue
		if curl -fs "http://127.0.0.1:$((port_base + i))/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
			healthy[i]=1
		else
			pending+=("$i")
		fi
	done
	[ "${#pending[@]}" -eq 0 ] && break
	for i in "${pending[@]}"; do
		if ended "$i"; then
			sleep 1
			for j in "${pending[@]}"; do
				if ended "$j"; then
					# Cut: a log line may be a whole stack trace in JSON.
					tail -n 5 ".run/logs/${services[j]}.log" | cut -c1-300 >&2
					echo "${services[j]} ended while it started; see .run/logs/${services[j]}.log" >&2
				fi
			done
			exit 1
		fi
	done
	kill -0 "${pids[0]}" 2>/dev/null \
		|| { echo "the local platform ended while the services started; see $platform_log" >&2; exit 1; }
	sleep 0.5
done
if [ "${#pending[@]}" -gt 0 ]; then
	for i in "${pending[@]}"; do
		tail -n 5 ".run/logs/${services[i]}.log" | cut -c1-300 >&2
		echo "${services[i]} did not become healthy in 3 minutes; see .run/logs/${services[i]}.log" >&2
	done
	exit 1
fi
echo "ready"

if $demo; then
	# In the background with the terminal as its input, so that a TERM stops the demo and everything else at
	# once instead of after the demo; Ctrl-C reaches both anyway.
	./demo.sh --port-base "$port_base" <&0 &
	demo_pid=$!
	wait "$demo_pid" || echo "the demo did not end as expected (see above); the system keeps running"
	demo_pid=
fi
echo "running; Ctrl-C stops everything"
# A service that ends on its own is reported once; the rest keeps running.
ended=()
while kill -0 "${pids[0]}" 2>/dev/null; do
	for i in "${!services[@]}"; do
		if [ -z "${ended[$i]:-}" ] && ! kill -0 "${pids[$((i + 1))]}" 2>/dev/null; then
			ended[$i]=yes
			echo "${services[$i]} ended on its own (see .run/logs/${services[$i]}.log); the rest keeps running" >&2
		fi
	done
	sleep 1
done
platform_status=0
wait "${pids[0]}" || platform_status=$?
echo "the local platform ended on its own (exit status $platform_status; see $platform_log)" >&2
exit 1
