#!/bin/sh
# The explorer's growth on the family of issue 14: a relocator and N-1 O_DIRECT writers under
# reloc-wait-reservations, N = 2..5, on one core, with and without partial-order reduction.
# Usage: run.sh KMODEL_HOME [TIMEOUT_SECONDS] [N...]   (prints one line per run; N: 2 3 4 5)
set -u
home=${1:?usage: run.sh KMODEL_HOME [TIMEOUT_SECONDS]}
limit=${2:-300}
here=$(cd "$(dirname "$0")" && pwd)
shift $(($# < 2 ? $# : 2))
for n in ${*:-2 3 4 5}; do
  for mode in --no-reduction --reduction; do
    start=$(date +%s.%N)
    out=$(taskset -c 0 timeout "$limit" "$home/bin/kmodel" explore --all --jobs 1 $mode \
      "$here/family-$n.yaml" </dev/null 2>&1 | grep -v '^scenario' | head -2 | tr -s ' \n' ' ')
    end=$(date +%s.%N)
    printf 'N=%s %-15s %6.1fs  %s\n' "$n" "$mode" "$(echo "$end - $start" | bc)" \
      "${out:-timed out after ${limit}s}"
  done
done
