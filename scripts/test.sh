#!/usr/bin/env bash
# The whole test suite, from a fresh clone: sets up Python (scripts/bootstrap-python.sh), builds,
# runs the C# tests (unit + integration with real Python workers, the cluster's multi-process tests
# against a redis-server of its own) and the Python worker's pytest suite, and ends with one line:
# "N passed, M failed".
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
logs="$root/TestResults"
rm -rf "$logs"; mkdir -p "$logs"
configuration="${CONFIGURATION:-Release}"

"$root/scripts/bootstrap-python.sh" || { echo "0 passed, 1 failed"; exit 1; }
# chromium (the pages' browser tests), ffmpeg (recordings, frame checks), redis-server (cluster membership).
"$root/scripts/install-test-tools.sh" || { echo "0 passed, 1 failed"; exit 1; }
export GYMBRIDGE_PYTHON="$root/.venv/bin/python"

# A redis-server of the suite's own for the cluster tests: loopback, a free port, no persistence, stopped on exit.
redis_pid=""
stop_redis() { [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null; redis_pid=""; }
trap stop_redis EXIT
redis_port=$("$GYMBRIDGE_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$logs/redis"
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$logs/redis" \
    --logfile "$logs/redis/redis.log" --daemonize no &
redis_pid=$!
for _ in $(seq 100); do
    redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG && break
    kill -0 "$redis_pid" 2>/dev/null || break
    sleep 0.1
done
if ! redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG; then
    echo "redis-server did not start on 127.0.0.1:$redis_port (see $logs/redis/redis.log)"; echo "0 passed, 1 failed"; exit 1
fi
export GYMBRIDGE_TEST_REDIS="127.0.0.1:$redis_port"
echo "== redis-server on $GYMBRIDGE_TEST_REDIS (pid $redis_pid)"

echo "== dotnet build ($configuration)"
if ! dotnet build GymBridge.sln -c "$configuration" -nologo -v quiet -clp:ErrorsOnly; then
    echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

passed=0; failed=0; status=0
count() { # adds "Passed: N" / "Failed: N" from dotnet's summary, or "N passed" / "N failed" from pytest's
    local p f
    p=$(grep -oE "$1" "$3" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
    f=$(grep -oE "$2" "$3" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
    passed=$((passed + p)); failed=$((failed + f))
}

for project in tests/*/*.csproj; do
    name=$(basename "$project" .csproj)
    echo "== $name"
    dotnet test "$project" -c "$configuration" --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$logs/$name.log" \
        | awk '/^ +(Failed|Skipped) |^ +(Passed|Failed|Skipped): |Total tests/ { print; next }
               /Error Message/ { shown = 0; message = 1; print; next }
               /Stack Trace/ { message = 0 }
               message && shown++ < 20 { print; next }
               /^ +at .*Tests/ { print }' || true
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    count 'Passed: +[0-9]+' 'Failed: +[0-9]+' "$logs/$name.log"
done

echo "== python_worker (pytest)"
(cd python_worker && "$GYMBRIDGE_PYTHON" -m pytest tests -q -p no:cacheprovider 2>&1) | tee "$logs/pytest.log" | tail -n 15
pytest_status=${PIPESTATUS[0]}
# pytest exits 5 when it collected nothing: that is a failure here, never a silent pass.
[ "$pytest_status" -eq 0 ] || status=1
count '[0-9]+ passed' '[0-9]+ (failed|error)' "$logs/pytest.log"
[ "$pytest_status" -eq 5 ] && failed=$((failed + 1))

[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
