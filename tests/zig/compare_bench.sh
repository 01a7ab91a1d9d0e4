#!/usr/bin/env bash
# Runs Zig's arena_bench (tests/zig/arena_bench.zig) and the port's
# (tests/bench/arena_bench.cpp) alternately, several rounds, and prints for
# each workload the median time of each and the median of the per-round
# ratios: arena (the port through the type-erased interface) / Zig's arena,
# and arena-direct / bump. Every run must give the stream's checksum.
#
#   tests/zig/compare_bench.sh --zig build-release/tests/zig/zig-out/zig_arena_bench \
#       --cpp build-release/tests/bench/arena_bench [--rounds 7] [--rounds-scale 1]
# --check-only: one run of each, checksums compared, no figures (the CTest smoke).
# --cpp-impl arena016: the port of Zig 0.16's arena (and arena016-direct),
# against --zig build/tests/zig/zig-out/zig_arena_bench016 (Zig 0.16's arena).
set -euo pipefail
zig= cpp= rounds=7 scale=1 check_only=0 workloads="small mixed churn" cpp_impl=arena
while [ $# -gt 0 ]; do
  case "$1" in
    --zig) zig=$2; shift 2 ;;
    --cpp) cpp=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --rounds-scale) scale=$2; shift 2 ;;
    --workloads) workloads=$2; shift 2 ;;
    --check-only) check_only=1; shift ;;
    --cpp-impl) cpp_impl=$2; shift 2 ;;
    *) echo "compare_bench.sh: unknown argument '$1' (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
if [ -z "$zig" ] || [ -z "$cpp" ]; then
  echo "compare_bench.sh: give --zig ZIG_ARENA_BENCH and --cpp ARENA_BENCH" >&2; exit 2
fi
impls="zig $cpp_impl $cpp_impl-direct bump"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# One run: prints "ns checksum".
one() { # workload impl
  local line
  if [ "$2" = zig ]; then line=$("$zig" --workload "$1" --rounds-scale "$scale")
  else line=$("$cpp" --workload "$1" --impl "$2" --rounds-scale "$scale" 2>/dev/null); fi
  echo "$line" | sed -n 's/.*ns_per_alloc=\([0-9.]*\) checksum=\([0-9]*\).*/\1 \2/p'
}

status=0
for w in $workloads; do
  for ((r = 1; r <= rounds; r++)); do
    for i in $impls; do one "$w" "$i" >> "$tmp/$w.$i"; done
  done
  sums=$(cat "$tmp/$w".* | awk '{print $2}' | sort -u | wc -l)
  if [ "$sums" != 1 ]; then echo "compare_bench.sh: $w: the implementations disagree on the checksum" >&2; status=1; fi
  if [ "$(cat "$tmp/$w".* | wc -l)" != $((rounds * 4)) ]; then echo "compare_bench.sh: $w: a run failed" >&2; status=1; fi
  if [ "$check_only" = 1 ]; then
    echo "$w: zig, $cpp_impl, $cpp_impl-direct and bump give checksum $(head -c 40 "$tmp/$w.zig" | awk '{print $2}')"
    continue
  fi
  paste "$tmp/$w.zig" "$tmp/$w.$cpp_impl" "$tmp/$w.$cpp_impl-direct" "$tmp/$w.bump" | awk -v w="$w" -v a="$cpp_impl" '
    function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                       return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    { n++; z[n] = $1; p[n] = $3; d[n] = $5; b[n] = $7; rz[n] = $3 / $1; rb[n] = $5 / $7 }
    END { printf "%s: median ns/alloc zig %.2f, %s %.2f, %s-direct %.2f, bump %.2f; median ratio %s/zig=%.3f %s-direct/bump=%.3f (%d rounds)\n",
                 w, median(z, n), a, median(p, n), a, median(d, n), median(b, n), a, median(rz, n), a, median(rb, n), n }'
done
exit $status
