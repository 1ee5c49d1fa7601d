#!/usr/bin/env bash
# Runs the tests with the clock of the whole run (vitest, its workers, the embedded PostgreSQL
# server, the `vigil` commands the tests start) set to a moment when the day or the clocks change,
# to show that no test depends on the hour, the day or a clock change (ADR 0028).
#
#   scripts/test-clock.sh                 unit and db projects at each of the four moments
#   scripts/test-clock.sh unit            one project at each moment
#   VIGIL_CLOCK_MOMENTS='2026-10-25 00:59:00' scripts/test-clock.sh db
#
# Moments are UTC. By default every process starts its clock at the moment (`faketime -f '@...'`):
# vitest runs each test file in a new process, so every file starts a minute before midnight (or
# after, or before a clock change) and its clock runs on from there. VIGIL_CLOCK_SHARED=1 gives the
# whole run one clock instead (`faketime '...'`), started at the moment: a run started at 23:59 then
# crosses midnight a minute in, part-way through its files, with the database server on the same clock.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null; then
  echo "faketime is not installed: install it with apt-get install -y faketime, then run this again." >&2
  exit 2
fi

projects=("$@")
[ ${#projects[@]} -eq 0 ] && projects=(unit db)

if [ -n "${VIGIL_CLOCK_MOMENTS:-}" ]; then
  IFS=';' read -r -a moments <<<"$VIGIL_CLOCK_MOMENTS"
else
  moments=(
    '2026-12-08 23:59:00' # a minute before midnight in London (GMT: UTC)
    '2026-12-09 00:01:00' # a minute after midnight in London
    '2027-03-28 00:59:00' # a minute before the clocks go forward (01:00 UTC)
    '2026-10-25 00:59:00' # a minute before the clocks go back (01:00 UTC; 01:59 BST)
  )
fi

summary=()
failed=0
for moment in "${moments[@]}"; do
  for project in "${projects[@]}"; do
    echo "== ${project} at ${moment} UTC"
    log=$(mktemp)
    # One run at a time: the database project alone keeps two cores busy for minutes.
    if [ -n "${VIGIL_CLOCK_SHARED:-}" ]; then
      TZ=UTC faketime "$moment" npx vitest run --project "$project" 2>&1 | tee "$log"
    else
      TZ=UTC faketime -f "@$moment" npx vitest run --project "$project" 2>&1 | tee "$log"
    fi
    status=${PIPESTATUS[0]}
    counts=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ +Tests ' | tail -1 | sed 's/^ *Tests *//')
    rm -f "$log"
    summary+=("${project} at ${moment} UTC${VIGIL_CLOCK_SHARED:+ (one clock for the run)}: ${counts:-no result} (exit ${status})")
    [ "$status" -ne 0 ] && failed=1
  done
done

echo
printf '%s\n' "${summary[@]}"
exit $failed
