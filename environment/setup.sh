#!/usr/bin/env bash
# Installs what EarthEmbed needs. Idempotent: a second run installs nothing (about a second). The .NET restore brings
# TorchSharp and libtorch 2.10 (NuGet); on Debian 12 the build then applies TorchSharp's compatibility step by itself
# (Directory.Build.targets, environment/torchsharp_compat.py; docs/engine.md).
#
#   bash environment/setup.sh [--quiet]
#
# Settings (environment variables):
#   EARTHEMBED_SKIP_APT=1 never call apt-get (for machines where someone else manages packages).
#   EarthEmbedTorchBackend=cuda  restore TorchSharp-cuda-linux instead of libtorch-cpu (where the feed serves it;
#                         untested here). EarthEmbedTorchSharpCompat=false  builds without the compatibility step.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }
die() { echo "setup: error: $*" >&2; exit 1; }

# --- Debian packages -----------------------------------------------------------------------------------------
# One list per area in environment/packages.d/*.txt (a package per line, # for comments).
mapfile -t packages < <(cat "$root"/environment/packages.d/*.txt | sed 's/#.*//' | tr -d ' ' | grep . | sort -u)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "${EARTHEMBED_SKIP_APT:-0}" = 1 ] && die "missing Debian packages: ${missing[*]} (EARTHEMBED_SKIP_APT=1 forbids installing them)"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null && sudo -n true 2>/dev/null && sudo="sudo -n" ||
      die "missing Debian packages: ${missing[*]}; run as root, or install them: apt-get install ${missing[*]}"
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/tmp/earthembed-apt.log 2>&1 ||
    die "apt-get update failed (no network to the Debian mirror?); see /tmp/earthembed-apt.log"
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/earthembed-apt.log 2>&1 ||
    die "apt-get install ${missing[*]} failed; see /tmp/earthembed-apt.log"
fi

# --- npm packages (charts) -------------------------------------------------------------------------------------
if [ -f "$root/environment/package.json" ] && [ ! -d "$root/environment/node_modules" ]; then
  command -v npm >/dev/null || die "npm is needed for environment/package.json; install Debian's npm"
  say "installing npm packages"
  (cd "$root/environment" && npm ci --silent --no-audit --no-fund >/tmp/earthembed-npm.log 2>&1) ||
    die "npm ci failed (no network to the npm registry?); see /tmp/earthembed-npm.log"
fi

# --- small real samples (committed too; this verifies them and restores missing or damaged ones) -------------------
quiet_flag=""
[ "$quiet" = 1 ] && quiet_flag="--quiet"
bash "$root/environment/fetch-olinda.sh" $quiet_flag || die "could not fetch the Olinda sample; see above"

# --- .NET packages ---------------------------------------------------------------------------------------------
mkdir -p "$root/build"
if [ ! -f "$root/build/.restored" ] || [ -n "$(find "$root" -name '*.csproj' -newer "$root/build/.restored" -o -name 'Directory.*.props' -newer "$root/build/.restored" | head -1)" ]; then
  say "restoring .NET packages"
  dotnet restore "$root/EarthEmbed.sln" -v q >/tmp/earthembed-restore.log 2>&1 ||
    die "dotnet restore failed (no NuGet feed?); see /tmp/earthembed-restore.log"
  touch "$root/build/.restored"
fi

# --- .NET Interactive: the second kernel our notebooks run in (docs/kernel.md) -----------------------------------
# The pinned dotnet tool goes into build/tools/dotnet-interactive, not the user's global tools. Its kernelspec goes
# into a private Jupyter data folder, build/jupyter (tests set JUPYTER_PATH to it): the tool's own kernel.json, with
# argv pointing at this install and --http-local-only added (by default its HTTP API listens on every interface).
interactive_version="1.0.712001"
tool_dir="$root/build/tools/dotnet-interactive"
spec_dir="$root/build/jupyter/kernels/.net-csharp"
if [ "$(cat "$tool_dir/.version" 2>/dev/null)" != "$interactive_version" ] || [ ! -x "$tool_dir/dotnet-interactive" ]; then
  say "installing the dotnet-interactive tool $interactive_version into build/tools"
  rm -rf "$tool_dir" "$spec_dir"
  dotnet tool install Microsoft.dotnet-interactive --version "$interactive_version" --tool-path "$tool_dir" \
    >/tmp/earthembed-interactive.log 2>&1 ||
    die "dotnet tool install Microsoft.dotnet-interactive --version $interactive_version failed (no NuGet feed?); see /tmp/earthembed-interactive.log"
  echo "$interactive_version" >"$tool_dir/.version"
fi
if ! grep -qF "\"$tool_dir/dotnet-interactive\"" "$spec_dir/kernel.json" 2>/dev/null; then  # missing, or the repository moved
  say "writing the .NET Interactive kernelspec into build/jupyter"
  scratch="$(mktemp -d)"
  DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1 "$tool_dir/dotnet-interactive" jupyter install --path "$scratch" \
    >/tmp/earthembed-interactive.log 2>&1 ||
    { rm -rf "$scratch"; die "dotnet-interactive jupyter install failed; see /tmp/earthembed-interactive.log"; }
  mkdir -p "$(dirname "$spec_dir")"
  /usr/bin/python3 - "$scratch/.net-csharp/kernel.json" "$tool_dir/dotnet-interactive" <<'PY' || { rm -rf "$scratch"; die "could not write the .NET Interactive kernelspec"; }
import json, sys
spec_path, tool = sys.argv[1], sys.argv[2]
spec = json.load(open(spec_path))
argv = spec["argv"]
# The tool writes ["dotnet", "interactive", "jupyter", ...] (a global or local tool); ours is installed by path.
start = argv.index("jupyter")
spec["argv"] = [tool] + argv[start:] + ([] if "--http-local-only" in argv else ["--http-local-only"])
spec.setdefault("env", {}).update({"DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_CLI_TELEMETRY_OPTOUT": "1"})
json.dump(spec, open(spec_path, "w"), indent=1)
PY
  rm -rf "$spec_dir" && mv "$scratch/.net-csharp" "$spec_dir" && rm -rf "$scratch"
fi
