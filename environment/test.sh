#!/usr/bin/env bash
# The test command (README, CI): sets up what is missing, regenerates the PyTorch reference fixtures when their
# generator changed, runs the suite, and ends with the line "N passed, N failed".
#
#   bash environment/test.sh              quick suite: everything not marked [Trait("Category", "Long")]
#   EARTHEMBED_TESTS=all bash environment/test.sh   the long checks too
#   bash environment/test.sh --filter X   extra dotnet test filter, e.g. FullyQualifiedName~Optim
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log="$root/build/test.log"
mkdir -p "$root/build"

fail() { echo "test: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

bash "$root/environment/setup.sh" --quiet || fail "setup failed"

# Fixtures written by committed generator code (PyTorch references, small rasters); each generator script is
# run with Debian's python3 (the one python3-torch installs into), and again only when its folder changed.
for gen in "$root"/tests/*/Reference/generate.py; do
  [ -f "$gen" ] || continue
  project="$(basename "$(dirname "$(dirname "$gen")")")"
  out="$root/build/reference/$project"
  # Regenerate when any file of the generator folder (generate.py, cases_*.py, helpers) is newer than the stamp.
  if [ ! -f "$out/.stamp" ] || [ -n "$(find "$(dirname "$gen")" -type f -newer "$out/.stamp" | head -1)" ]; then
    echo "test: generating reference fixtures for $project"
    rm -rf "$out" && mkdir -p "$out"
    /usr/bin/python3 "$gen" "$out" || fail "reference generator $gen failed"
    touch "$out/.stamp"
  fi
done

# Raster fixtures (Fixtures/generate.py of a test project, written with python3-gdal), again only when changed.
for gen in "$root"/tests/*/Fixtures/generate.py; do
  [ -f "$gen" ] || continue
  project="$(basename "$(dirname "$(dirname "$gen")")")"
  out="$root/build/fixtures/$project"
  if [ ! -f "$out/.stamp" ] || [ "$gen" -nt "$out/.stamp" ]; then
    echo "test: generating raster fixtures for $project"
    rm -rf "$out" && mkdir -p "$out"
    /usr/bin/python3 "$gen" "$out" || fail "fixture generator $gen failed"
    touch "$out/.stamp"
  fi
done

filter="Category!=Long"
[ "${EARTHEMBED_TESTS:-quick}" = all ] && filter=""
if [ "${1:-}" = "--filter" ] && [ -n "${2:-}" ]; then filter="${filter:+$filter&}$2"; fi

dotnet test "$root/EarthEmbed.sln" ${filter:+--filter "$filter"} 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries: "Passed!  - Failed:     0, Passed:    42, Skipped:     0, ..."
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" |
  sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "test: dotnet test exited $status (build error?)" >&2; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
