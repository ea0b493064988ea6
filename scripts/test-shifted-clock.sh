#!/usr/bin/env bash
# Runs the unit project (unit and integration tests) with the clock moved, so no test depends on
# today's date: 400 days ahead, across the coming year end, and across the coming spring
# daylight-saving change in Paris. Needs Debian's faketime. Each run starts a minute before its
# boundary, so the boundary passes while the tests run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo "test-shifted-clock: needs faketime (apt-get install faketime)" >&2; exit 1; }

year=$(date -u +%Y)
next=$((year + 1))
# The last Sunday of March next year: Europe's clocks go forward at 01:00 UTC (02:00 in Paris).
for day in 31 30 29 28 27 26 25; do
  if [ "$(date -u -d "$next-03-$day" +%u)" = 7 ]; then dst="$next-03-$day"; break; fi
done

# Every run goes ahead even when one fails, so one CI run tells about all three. Each run's output
# is also kept, so the failures can be repeated at the very end, where a log's tail shows them.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
failed=()
run() {
  local name=$1
  shift
  echo "test-shifted-clock: $name"
  local log="$logs/${#failed[@]}-$RANDOM.log"
  if ! "$@" npx vitest run --project unit 2>&1 | tee "$log"; then
    failed+=("$name")
    # Vitest's failure report: from the "Failed Tests" banner to the summary.
    sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '/Failed Tests [0-9]+/{grab=1} /Test Files /{grab=0} grab' |
      head -c 12000 >"$logs/failure-${#failed[@]}.txt" || true
  fi
}
run "+400 days" faketime -f '+400d'
run "across the year end $year/$next (UTC)" env TZ=UTC faketime -f "@$year-12-31 23:59:00"
run "across the daylight-saving change of $dst (Europe/Paris)" env TZ=Europe/Paris faketime -f "@$dst 01:59:00"
if [ ${#failed[@]} -gt 0 ]; then
  for i in "${!failed[@]}"; do
    printf '\ntest-shifted-clock: failed with the clock moved %s:\n' "${failed[$i]}" >&2
    cat "$logs/failure-$((i + 1)).txt" >&2 || true
  done
  exit 1
fi
