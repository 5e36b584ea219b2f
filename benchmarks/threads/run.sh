#!/usr/bin/env bash
# Two trainings at once on a small machine: how much do they slow each other under each OpenMP wait policy?
#
#   bash benchmarks/threads/run.sh                  # 10 s windows, policies ACTIVE PASSIVE libgomp-default
#   SECONDS_PER_RUN=20 POLICIES="ACTIVE PASSIVE" bash benchmarks/threads/run.sh
#   EARTHEMBED_THREADS=1 bash benchmarks/threads/run.sh   # one intra-op thread per training
#
# For each policy it runs one training alone, then two concurrently (separate processes, same start time, same
# window), and prints steps/s and the slowdown of each concurrent training against the one alone. On N cores with
# N threads per training, two trainings sharing the cores fairly run at half speed: a slowdown of 2.0x is ideal,
# more is lost to waiting threads that spin. The policy is set in each child's environment: ACTIVE or PASSIVE
# through OMP_WAIT_POLICY; libgomp-default leaves OMP_WAIT_POLICY unset and has the child load libtorch before
# EarthEmbed.Engine would set PASSIVE (libgomp's own default, what the old engine ran with).
# Run it on an otherwise idle machine: anything else running skews every figure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${SECONDS_PER_RUN:-10}"
policies="${POLICIES:-ACTIVE PASSIVE libgomp-default}"
load_s="${LOAD_SECONDS:-8}"   # time allowed for both children to load libtorch and warm up before the window

dotnet build "$here/ThreadsBench.csproj" -c Release -v q -nologo >&2
exe="$here/bin/Release/net10.0/ThreadsBench.dll"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# run <policy> <label> <start-at-ms>: one child in the background, its RESULT line in $out/<label>
run() {
    local policy="$1" label="$2" start="$3"
    local extra=()
    if [[ "$policy" == libgomp-default ]]; then
        extra=(--libgomp-default)
        env -u OMP_WAIT_POLICY dotnet "$exe" --seconds "$seconds" --start-at "$start" --label "$label" "${extra[@]}" \
            >"$out/$label" 2>"$out/$label.err" &
    else
        OMP_WAIT_POLICY="$policy" dotnet "$exe" --seconds "$seconds" --start-at "$start" --label "$label" \
            >"$out/$label" 2>"$out/$label.err" &
    fi
}

field() { grep -o "$2=[^ ]*" "$out/$1" | head -1 | cut -d= -f2; }

now_ms() { date +%s%3N; }

for policy in $policies; do
    echo "running $policy: alone ..." >&2
    run "$policy" "$policy.alone" $(( $(now_ms) + load_s * 1000 ))
    wait
    echo "running $policy: two at once ..." >&2
    start=$(( $(now_ms) + load_s * 1000 ))
    run "$policy" "$policy.a" "$start"
    run "$policy" "$policy.b" "$start"
    wait
    for label in "$policy.alone" "$policy.a" "$policy.b"; do
        if ! grep -q '^RESULT' "$out/$label"; then echo "$label failed:" >&2; cat "$out/$label.err" >&2; exit 1; fi
        late="$(field "$label" late_ms)"
        if (( late > 500 )); then echo "warning: $label started ${late} ms late (raise LOAD_SECONDS)" >&2; fi
    done
done

flags="$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)"
has() { [[ " ${flags#*:} " == *" $1 "* ]] && echo yes || echo no; }
model="$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"

echo
echo "Machine: ${model:-?}; $(nproc) cores; avx2 $(has avx2), avx512f $(has avx512f), avx512_bf16 $(has avx512_bf16)"
echo "Load average before the table: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Threads per training: $(field "$(set -- $policies; echo "$1").alone" threads) (EARTHEMBED_THREADS=${EARTHEMBED_THREADS:-unset}); window ${seconds} s"
echo
printf '%-16s | %13s | %21s | %13s | %11s | %14s\n' "OMP_WAIT_POLICY" "alone steps/s" "two at once steps/s" "sum of two" "slowdown" "CPU s (a, b)"
printf '%-16s-+-%13s-+-%21s-+-%13s-+-%11s-+-%14s\n' "----------------" "-------------" "---------------------" "-------------" "-----------" "--------------"
for policy in $policies; do
    alone="$(field "$policy.alone" steps_per_s)"
    a="$(field "$policy.a" steps_per_s)"; b="$(field "$policy.b" steps_per_s)"
    ca="$(field "$policy.a" cpu_s)"; cb="$(field "$policy.b" cpu_s)"
    awk -v p="$policy" -v s="$alone" -v a="$a" -v b="$b" -v ca="$ca" -v cb="$cb" 'BEGIN {
        slow = s / ((a + b) / 2);
        printf "%-16s | %13.2f | %10.2f, %-9.2f | %13.2f | %10.2fx | %6.1f, %-6.1f\n", p, s, a, b, a + b, slow, ca, cb }'
done
echo
echo "slowdown = alone / mean of the two; 2.0x is a fair share of the cores, more is time lost to spinning."
