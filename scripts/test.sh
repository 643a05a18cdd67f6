#!/usr/bin/env bash
# The whole test suite, from a fresh clone: sets up Python (scripts/bootstrap-python.sh), builds,
# runs the C# tests (unit + integration with real Python workers) and the Python worker's pytest
# suite, and ends with one line: "N passed, M failed".
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
logs="$root/TestResults"
rm -rf "$logs"; mkdir -p "$logs"
configuration="${CONFIGURATION:-Release}"

"$root/scripts/bootstrap-python.sh" || { echo "0 passed, 1 failed"; exit 1; }
# chromium (the pages' browser tests) and ffmpeg (recordings, frame checks) for the server tests.
"$root/scripts/install-test-tools.sh" || { echo "0 passed, 1 failed"; exit 1; }
export GYMBRIDGE_PYTHON="$root/.venv/bin/python"

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
        | grep -E '^ +(Failed|Skipped) |^ +(Passed|Failed|Skipped): |Total tests|Error Message|^ +at .*Tests' || true
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
