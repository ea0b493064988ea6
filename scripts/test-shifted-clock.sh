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

# Every run goes ahead even when one fails, so one CI run tells about all three. A failed run's
# vitest report (from the "Failed Tests" banner to the summary) is kept and repeated at the very
# end, where a log's tail shows it.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
failures=()
run() {
  local name=$1
  shift
  echo "test-shifted-clock: $name"
  "$@" npx vitest run --project unit 2>&1 | tee "$log" && return
  failures+=("$(printf 'test-shifted-clock: failed with the clock moved %s:\n' "$name"
    sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '/Failed Tests [0-9]+/{grab=1} /Test Files /{grab=0} grab' | head -c 12000 || true)")
}
run "+400 days" faketime -f '+400d'
run "across the year end $year/$next (UTC)" env TZ=UTC faketime -f "@$year-12-31 23:59:00"
run "across the daylight-saving change of $dst (Europe/Paris)" env TZ=Europe/Paris faketime -f "@$dst 01:59:00"
if [ ${#failures[@]} -gt 0 ]; then
  printf '\n%s\n' "${failures[@]}" >&2
  exit 1
fi
