#!/usr/bin/env bash
# Benchmarks of the system on the embedded default. Each one builds what it needs, starts the local platform and
# the services it needs on ports away from the usual ones (Kafka 29092, controller 29093, stores from 28017,
# services from 28081), prints its figures beside a baseline measured in the same run, and stops everything on
# exit. Results and logs go to .run/bench/.
#
#   bench/run.sh render      templates rendered against parsed, with JMH (about 3 minutes)
#   bench/run.sh lookup      lookups of mappings seeded through the pipeline against a trivial endpoint (8 minutes)
#   bench/run.sh scale       lookups with 10k, 100k and 1M mappings in the store, and the heap (about 15 minutes)
#   bench/run.sh pipeline    1,000 versions x 10 regions published until every region resolves, once the services
#                            are warm (10 to 15 minutes)
#   bench/run.sh store       the embedded store's writes against mongo-java-server's own H2 backend (about 1 minute)
#   bench/run.sh all         all of them (about 36 minutes: the pipeline with 200 versions)
#
# SCALE_COUNTS="10000 100000" bench/run.sh scale runs other sizes; PIPELINE_VERSIONS=200 a smaller pipeline
# ("all" runs 200); PIPELINE_REPLICATION=raised runs the pipeline with replication's job limits raised;
# PIPELINE_SIMULATOR_IMAGES=store keeps the simulated cloud's images in replication-service's store (memory by default).
# PIPELINE_WARM_UP_ROUNDS=7 runs at least 7 warm-up rounds of 500 versions (5 by default) before the services count
# as warm.
# BENCH_JFR=1 records the platform and every service with JFR (settings=profile) into .run/bench/jfr/.
# Every service runs with ./run-local.sh's JVM options (-Xmx256m, the serial collector), the platform with the JVM's
# defaults (both exit on OutOfMemoryError); IMAGEPACK_SERVICE_JVM_OPTIONS and IMAGEPACK_PLATFORM_JVM_OPTIONS replace
# them in both.
set -euo pipefail
cd "$(dirname "$0")/.."

kafka_port=29092
controller_port=29093
mongo_base=28017
port_base=28081
bare_port=28090
work=.run/bench
# The services' JVM options, as ./run-local.sh has them (and IMAGEPACK_SERVICE_JVM_OPTIONS replaces them there too).
# The local platform's, as ./run-local.sh has them (IMAGEPACK_PLATFORM_JVM_OPTIONS replaces them there too).
read -r -a platform_jvm <<<"${IMAGEPACK_PLATFORM_JVM_OPTIONS:--XX:+ExitOnOutOfMemoryError}"
read -r -a bench_jvm <<<"${IMAGEPACK_SERVICE_JVM_OPTIONS:--Xmx256m -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC}"
declare -A service_port=([package-service]=$port_base [replication-service]=$((port_base + 1))
	[mapping-service]=$((port_base + 2)) [permission-service]=$((port_base + 3)))
declare -A service_pid=()
platform_pid=""
bare_pid=""
kafka=""
declare -A store_uri=()

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }

stop_service() {
	local pid=${service_pid[$1]:-}
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		unset "service_pid[$1]"
	fi
}

stop_all() {
	if [ -n "$bare_pid" ]; then
		kill -TERM "$bare_pid" 2>/dev/null || true
		wait "$bare_pid" 2>/dev/null || true
		bare_pid=""
	fi
	for service in "${!service_pid[@]}"; do
		stop_service "$service"
	done
	if [ -n "$platform_pid" ]; then
		kill -TERM "$platform_pid" 2>/dev/null || true
		wait "$platform_pid" 2>/dev/null || true
		platform_pid=""
	fi
}
trap 'stop_all' EXIT
trap 'exit 130' INT TERM

# Refuses to start next to something already on the benchmark's ports: its services would be measured instead.
require_free_ports() {
	local port
	for port in "$kafka_port" "$controller_port" $(seq "$mongo_base" $((mongo_base + 3))) \
		$(seq "$port_base" $((port_base + 3))) "$bare_port"; do
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "port $port is in use: stop what listens there (another benchmark run?) and try again" >&2
			exit 1
		fi
	done
}

build() {
	require_free_ports
	log "building (quiet)"
	./mvnw -B -q -pl local-platform,package-service,replication-service,mapping-service,permission-service,bench -am \
		package -DskipTests
	mkdir -p "$work/bin" "$work/logs"
	rm -f "$work"/logs/*.log
	cp local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar "$work/bin/local-platform.jar"
	for service in "${!service_port[@]}"; do
		cp "$service/target/$service-0.1.0-SNAPSHOT.jar" "$work/bin/$service.jar"
	done
	bench_classpath="bench/target/classes:$(cat bench/target/classpath.txt)"
}

# jfr_option NAME: the flight recorder option for one process when BENCH_JFR is set, else nothing.
jfr_option() {
	if [ -n "${BENCH_JFR:-}" ]; then
		mkdir -p "$work/jfr"
		echo "-XX:StartFlightRecording=filename=$work/jfr/$1.jfr,settings=profile,dumponexit=true"
	fi
}

bench_java() {
	java -Xmx1g -cp "$bench_classpath" "$@"
}

start_platform() {
	rm -rf "$work/platform"
	local platform_log="$work/logs/local-platform.log"
	: >"$platform_log"
	java "${platform_jvm[@]}" $(jfr_option local-platform) -jar "$work/bin/local-platform.jar" --data-dir "$work/platform" --kafka-port "$kafka_port" \
		--controller-port "$controller_port" --mongo-base-port "$mongo_base" >>"$platform_log" 2>&1 &
	platform_pid=$!
	for _ in $(seq 1 240); do
		grep -qs '^ready$' "$platform_log" && break
		kill -0 "$platform_pid" 2>/dev/null || { cat "$platform_log"; echo "the local platform did not start" >&2; exit 1; }
		sleep 0.5
	done
	grep -q '^ready$' "$platform_log" || { echo "the local platform did not get ready; see $platform_log" >&2; exit 1; }
	kafka=$(awk '$1 == "kafka" { print $2; exit }' "$platform_log")
	for service in "${!service_port[@]}"; do
		store_uri[$service]=$(awk -v s="$service" '$1 == "mongo" && $2 == s { print $3; exit }' "$platform_log")
	done
	log "platform ready: kafka $kafka"
}

# start_service NAME [VAR=value ...]: one service with the services' JVM options, environment as given.
start_service() {
	local service=$1
	shift
	local port=${service_port[$service]}
	env KAFKA_BOOTSTRAP_SERVERS="$kafka" MONGODB_URI="${store_uri[$service]}" SERVER_PORT="$port" "$@" \
		java "${bench_jvm[@]}" $(jfr_option "$service") -jar "$work/bin/$service.jar" >>"$work/logs/$service.log" 2>&1 &
	service_pid[$service]=$!
}

await_healthy() {
	for service in "$@"; do
		local port=${service_port[$service]}
		for _ in $(seq 1 480); do
			curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"' && break
			kill -0 "${service_pid[$service]}" 2>/dev/null || { tail -n 30 "$work/logs/$service.log"; exit 1; }
			sleep 0.5
		done
		curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"' \
			|| { tail -n 30 "$work/logs/$service.log" >&2; echo "$service did not become healthy" >&2; exit 1; }
	done
	log "healthy: $*"
}

# The replication simulator copies in about no time (1 ms, its floor), and holds any number of images per region.
pipeline_services() {
	start_service permission-service
	start_service package-service
	local limits=()
	if [ "${PIPELINE_REPLICATION:-default}" = raised ]; then
		# Not the defaults: many more jobs at once and no waiting between the steps of a job. Shows what the
		# store and the machine allow once the replication limits are out of the way.
		limits=(REPLICATION_MAX_ACTIVE_JOBS=200 REPLICATION_MAX_ACTIVE_JOBS_PER_REGION=50
			IMAGEPACK_REPLICATION_WORKER_THREADS=32 IMAGEPACK_REPLICATION_POLL_INTERVAL=20ms
			IMAGEPACK_REPLICATION_TICK=20ms)
	fi
	# The simulated cloud keeps its images in memory unless PIPELINE_SIMULATOR_IMAGES=store: a real cloud's
	# bookkeeping is not on this machine, and in the service's store it was a write per region-mapping.
	start_service replication-service CLOUD_SIMULATOR_TIME_SCALE=1000000000 \
		IMAGEPACK_CLOUD_SIMULATOR_QUOTA_PER_REGION=1000000 \
		IMAGEPACK_CLOUD_SIMULATOR_IMAGES="${PIPELINE_SIMULATOR_IMAGES:-memory}" "${limits[@]}"
	start_service mapping-service IMAGEPACK_BENCH_ENABLED=true
	await_healthy permission-service package-service replication-service mapping-service
}

# Heap in use after a full GC, from jstat's survivor, eden and old generation figures.
heap_report() {
	for service in "$@"; do
		local pid=${service_pid[$service]}
		jcmd "$pid" GC.run >/dev/null
		jstat -gc "$pid" | awk -v s="$service" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
			NR == 2 { used = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]
				printf "RESULT heap %s usedAfterFullGcMiB=%.1f maxMiB=256\n", s, used / 1024 }'
	done
	if grep -l OutOfMemoryError "$work"/logs/*-service.log 2>/dev/null; then
		echo "RESULT OutOfMemoryError in the logs above"
	fi
}

# CPU seconds each process used so far, from /proc: where the machine's time went.
cpu_report() {
	local ticks
	ticks=$(getconf CLK_TCK)
	for service in "${!service_pid[@]}" local-platform; do
		local pid=${service_pid[$service]:-$platform_pid}
		awk -v s="$service" -v t="$ticks" '{ printf "RESULT cpu %s seconds=%.1f\n", s, ($14 + $15) / t }' \
			"/proc/$pid/stat"
	done
}

# CPU ticks of processes so far, as "name=ticks" words, for cpu_during.
cpu_ticks() {
	for service in "$@"; do
		local pid=${service_pid[$service]:-$platform_pid}
		awk -v s="$service" '{ printf "%s=%d ", s, $14 + $15 }' "/proc/$pid/stat"
	done
}

# cpu_during "BEFORE" SECONDS NAMES...: the cores each process used on average in the SECONDS since cpu_ticks gave
# BEFORE, to tell a slower service from a busier machine.
cpu_during() {
	local before=$1 secs=$2 now ticks
	shift 2
	now=$(cpu_ticks "$@")
	ticks=$(getconf CLK_TCK)
	awk -v b="$before" -v n="$now" -v t="$ticks" -v secs="$secs" 'BEGIN {
		split(b, bs, " "); for (i in bs) { split(bs[i], kv, "="); start[kv[1]] = kv[2] }
		split(n, ns, " "); for (i in ns) { split(ns[i], kv, "="); if (kv[1] != "")
			printf "RESULT cpu during the load %s cores=%.2f\n", kv[1], (kv[2] - start[kv[1]]) / t / secs } }'
}

token_for() {
	curl -fs -X POST "http://127.0.0.1:${service_port[mapping-service]}/dev/tokens" -H 'Content-Type: application/json' \
		-d "{\"accountId\":\"$1\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/'
}

ensure_wrk() {
	command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y wrk >/dev/null; }
}

# load PATHS TOKEN: 30 s of warm-up of each (the JVMs keep getting faster for a minute or two on 2 cores), then
# 30 s each of the trivial endpoint through the security filter chain and MVC, the same answered where lookups are
# (before the chain), and the lookup, twice in turn, 50 connections. The faster run of each is compared, so that
# none gains from running later; the target compares the lookup with the trivial endpoint answered in its place.
load() {
	local paths=$1 token=$2 url="http://127.0.0.1:${service_port[mapping-service]}"
	run_wrk() { wrk -t2 -c50 "-d$1" -s bench/lookup.lua "$url" -- "$paths" "$token" "$2" | grep '^RESULT'; }
	run_wrk 30s baseline >/dev/null
	run_wrk 30s direct >/dev/null
	run_wrk 30s lookup >/dev/null
	local runs=()
	for round in 1 2; do
		runs+=("$(run_wrk 30s baseline | sed "s/^RESULT/RESULT baseline run $round/")")
		runs+=("$(run_wrk 30s direct | sed "s/^RESULT/RESULT direct   run $round/")")
		runs+=("$(run_wrk 30s lookup | sed "s/^RESULT/RESULT lookup   run $round/")")
	done
	printf '%s\n' "${runs[@]}"
	printf '%s\n' "${runs[@]}" | awk '
		function field(s, k) { match(s, k "=[0-9.]+"); return substr(s, RSTART + length(k) + 1, RLENGTH - length(k) - 1) + 0 }
		{ kind = $2; rps = field($0, "requestsPerSecond")
			if (rps > best[kind]) { best[kind] = rps; p99[kind] = field($0, "p99Ms"); p999[kind] = field($0, "p999Ms") } }
		END {
			ratio = best["lookup"] / best["direct"]
			printf "RESULT faster runs: lookup %.0f req/s p99=%.2fms p99.9=%.2fms, trivial endpoint answered before the " \
				"chain %.0f req/s p99=%.2fms, through the chain and MVC %.0f req/s p99=%.2fms\n", best["lookup"], p99["lookup"],
				p999["lookup"], best["direct"], p99["direct"], best["baseline"], p99["baseline"]
			printf "RESULT lookup/baseline throughput=%.2fx (target >= 0.8x: %s; %.2fx the trivial endpoint through the " \
				"chain) lookup p99=%.2fms (target <= 5ms: %s)\n", ratio, (ratio >= 0.8) ? "met" : "MISSED",
				best["lookup"] / best["baseline"], p99["lookup"], (p99["lookup"] <= 5) ? "met" : "MISSED" }'
}

# floor PATHS TOKEN: the same load against a bare JDK HTTP server that answers every request with a fixed body,
# beside the running services: the latency this machine gives 50 connections when the server does no work.
floor() {
	local paths=$1 token=$2
	java -Xmx256m -cp "$bench_classpath" dev.imagepack.bench.lookup.BareHttpServer "$bare_port" \
		>"$work/logs/bare-server.log" 2>&1 &
	bare_pid=$!
	for _ in $(seq 1 40); do
		grep -qs '^bare server' "$work/logs/bare-server.log" && break
		sleep 0.25
	done
	wrk -t2 -c50 -d30s -s bench/lookup.lua "http://127.0.0.1:$bare_port" -- "$paths" "$token" lookup >/dev/null
	wrk -t2 -c50 -d30s -s bench/lookup.lua "http://127.0.0.1:$bare_port" -- "$paths" "$token" lookup \
		| grep '^RESULT' | sed 's/^RESULT/RESULT bare server (floor)/'
	kill -TERM "$bare_pid" 2>/dev/null || true
	wait "$bare_pid" 2>/dev/null || true
	bare_pid=""
}

bench_store() {
	log "store: replication jobs inserted and updated, the local platform's store against mongo-java-server's H2 backend"
	bench_java dev.imagepack.bench.store.StoreBench "${STORE_JOBS:-10000}" 2>&1 | tee "$work/store.log" |
		grep -E '^(turn|RESULT)'
}

bench_render() {
	log "render: JMH, one thread; the seed's sample too when /work/shared/seed holds it"
	local extra=()
	[ -f /work/shared/seed/sample-ros-template.yaml ] && extra+=(/work/shared/seed/sample-ros-template.yaml)
	bench_java dev.imagepack.bench.render.RenderBench "${extra[@]}" | tee "$work/render.log" | grep -A 10 '^template '
}

bench_lookup() {
	ensure_wrk
	start_platform
	pipeline_services
	local paths="$work/lookup-paths.txt"
	log "lookup: seeding 50 versions x 10 regions through package-service and the pipeline"
	bench_java dev.imagepack.bench.pipeline.PipelineBench seed "http://127.0.0.1:${service_port[package-service]}" \
		"http://127.0.0.1:${service_port[mapping-service]}" "$kafka" 50 "$paths"
	log "lookup: wrk, 2 threads, 50 connections, 30 s each"
	load "$paths" "$(cat "$paths.token")" | tee "$work/lookup.log"
	log "lookup: the same load against a bare HTTP server, the floor (30 s warm-up, 30 s measured)"
	floor "$paths" "$(cat "$paths.token")" | tee -a "$work/lookup.log"
	heap_report mapping-service | tee -a "$work/lookup.log"
	stop_all
}

bench_scale() {
	ensure_wrk
	start_platform
	local token paths="$work/scale-paths.txt" results="$work/scale.log"
	: >"$results"
	for count in ${SCALE_COUNTS:-10000 100000 1000000}; do
		stop_service mapping-service
		log "scale: writing $count mappings into mapping-service's store"
		bench_java dev.imagepack.bench.scale.MappingStoreSeeder "${store_uri[mapping-service]}" "$count" "$paths" \
			20000 | tee -a "$results"
		log "scale: starting mapping-service, which loads them"
		local started=$SECONDS
		start_service mapping-service IMAGEPACK_BENCH_ENABLED=true
		if ! (await_healthy mapping-service >/dev/null 2>&1); then
			echo "RESULT scale mappings=$count did not start within -Xmx256m:" \
				"$(grep -o 'java.lang.OutOfMemoryError[^"\\]*' "$work/logs/mapping-service.log" | head -n 1)" \
				| tee -a "$results"
			stop_service mapping-service
			break
		fi
		echo "RESULT scale mappings=$count startSeconds=$((SECONDS - started))" | tee -a "$results"
		grep -o '"message":"Mappings loaded[^}]*' "$work/logs/mapping-service.log" | tail -n 1 | tee -a "$results"
		heap_report mapping-service | tee -a "$results"
		token=$(token_for customer-bench)
		local before loaded=$SECONDS
		before=$(cpu_ticks mapping-service local-platform)
		load "$paths" "$token" | tee -a "$results"
		cpu_during "$before" $((SECONDS - loaded)) mapping-service local-platform | tee -a "$results"
	done
	stop_all
}

bench_pipeline() {
	start_platform
	pipeline_services
	log "pipeline: the platform's ceiling, plain clients doing the least durable work per region-mapping"
	bench_java dev.imagepack.bench.pipeline.PlatformCeiling "$kafka" "${store_uri[replication-service]}" \
		"${store_uri[mapping-service]}" "${PIPELINE_VERSIONS:-1000}" "$platform_pid" "$(getconf CLK_TCK)" \
		| grep '^RESULT' | tee "$work/pipeline.log"
	log "pipeline: ${PIPELINE_VERSIONS:-1000} versions x 10 regions, replication limits" \
		"${PIPELINE_REPLICATION:-default}, simulated images in ${PIPELINE_SIMULATOR_IMAGES:-memory}"
	# Named so that the benchmark reports each one's CPU during the measured run alone.
	local processes=("local-platform=$platform_pid")
	for service in package-service replication-service mapping-service permission-service; do
		processes+=("$service=${service_pid[$service]}")
	done
	# And each store, whose operations it reports per region-mapping.
	for service in package-service replication-service mapping-service permission-service; do
		processes+=("store:$service=${store_uri[$service]}")
	done
	bench_java dev.imagepack.bench.pipeline.PipelineBench measure "http://127.0.0.1:${service_port[package-service]}" \
		"http://127.0.0.1:${service_port[mapping-service]}" "$kafka" "${PIPELINE_VERSIONS:-1000}" 5 "$(getconf CLK_TCK)" \
		"${processes[@]}" \
		| tee -a "$work/pipeline.log"
	cpu_report | tee -a "$work/pipeline.log"
	heap_report package-service replication-service mapping-service permission-service | tee -a "$work/pipeline.log"
	stop_all
}

what=${1:-}
if [ $# -gt 1 ]; then
	echo "one benchmark at a time: $*" >&2
	exit 2
fi
# The pipeline's settings are checked before anything is built or started.
if [ "$what" = pipeline ] || [ "$what" = all ]; then
	for setting in PIPELINE_VERSIONS PIPELINE_WARM_UP_ROUNDS; do
		if [ -n "${!setting:-}" ] && ! [[ ${!setting} =~ ^[1-9][0-9]{0,5}$ ]]; then
			echo "$setting must be a whole number from 1 to 999999, not '${!setting}'" >&2
			exit 2
		fi
	done
fi

case "$what" in
	render | lookup | scale | pipeline | store)
		build
		"bench_$what"
		;;
	all)
		build
		bench_render
		bench_lookup
		# 200 versions rather than 1,000 keep "all" under half an hour with the default replication limits.
		PIPELINE_VERSIONS=${PIPELINE_VERSIONS:-200} bench_pipeline
		bench_scale
		;;
	-h | --help)
		sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
		;;
	*)
		[ -n "$what" ] && echo "unknown benchmark '$what'" >&2
		sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//' >&2
		exit 2
		;;
esac
