#!/usr/bin/env bash
# Fetches the Olinda sample rasters (Landsat-7 ETM+ and SRTM elevation of Olinda, Brazil) from Debian's
# r-cran-stars package into data-samples/olinda/, without installing R: `apt-get download` the .deb, unpack it
# with `dpkg -x` in a scratch folder, copy the two GeoTIFFs. Idempotent: when both files are present with the
# expected checksums nothing is downloaded (about 10 ms).
#
#   bash environment/fetch-olinda.sh [--quiet]
#
# The files are small (0.8 MB and 50 kB), so they are also committed; this script documents where they come from,
# verifies them and restores them if they are missing or damaged. See data-samples/olinda/README.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/data-samples/olinda"
quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1
say() { [ "$quiet" = 1 ] || echo "fetch-olinda: $*"; }
die() { echo "fetch-olinda: error: $*" >&2; exit 1; }

# sha256 of the files in r-cran-stars 0.6-0-4 (Debian 12 "bookworm").
declare -A expected=(
  [L7_ETMs.tif]=3b722bf4470144b6691bf720bac08f47c99464acff4dd258252891c06312678e
  [olinda_dem_utm25s.tif]=6954774429a04c827c8330943ee43a176a29d52be2f220100f352894c4b9f173
)

ok() { [ -f "$dest/$1" ] && [ "$(sha256sum "$dest/$1" | cut -d' ' -f1)" = "${expected[$1]}" ]; }
if ok L7_ETMs.tif && ok olinda_dem_utm25s.tif; then
  say "data-samples/olinda is up to date"
  exit 0
fi

command -v apt-get >/dev/null || die "apt-get is needed to download r-cran-stars (a Debian package)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
say "downloading r-cran-stars"
(cd "$scratch" && apt-get download -q r-cran-stars >"$scratch/apt.log" 2>&1) ||
  die "apt-get download r-cran-stars failed (run apt-get update first?); see the log: $(tail -3 "$scratch/apt.log")"
deb="$(ls "$scratch"/r-cran-stars_*.deb)"
dpkg -x "$deb" "$scratch/x"
mkdir -p "$dest"
for f in L7_ETMs.tif olinda_dem_utm25s.tif; do
  src="$(find "$scratch/x" -path "*/stars/tif/$f" | head -1)"
  [ -n "$src" ] || die "$f not found in $(basename "$deb")"
  cp "$src" "$dest/$f.partial" && mv "$dest/$f.partial" "$dest/$f"
  if ! ok "$f"; then
    echo "fetch-olinda: warning: $f from $(basename "$deb") differs from the checksum recorded for r-cran-stars 0.6-0-4" >&2
  fi
done
say "copied L7_ETMs.tif and olinda_dem_utm25s.tif from $(basename "$deb") into data-samples/olinda"
