#!/usr/bin/env bash
# Builds the benchmark jar, then either
#
#   the summary (no arguments, or --summary): issue 11's speed figures, each measured before and
#   after in this one run, as a table on stdout and in target/summary.md and target/summary.json
#   (raw measurements in target/summary/). About 3.5 minutes on 2 cores after the build. It times the
#   kmodel launcher, so it needs a built home of the same tree: distribution/target/kmodel
#   (mvn -B install -DskipTests from the root builds it) or KMODEL_HOME. Exits 1 when a before/after
#   pair did not print the same report;
#
#   or JMH (--jmh, or any other arguments, which go to JMH): the JMH benchmarks (one fork each;
#   warm-up and measurement counts come from each benchmark's annotations: the 4 KiB fault rate
#   needs 4-8 s of warm-up to settle), then the metadata-footprint probe under G1 and under the
#   parallel collector. The JMH table on stdout and in target/jmh.txt, JSON in target/jmh.json,
#   the footprint in target/footprint.txt. About 5 minutes for everything; the 1 TiB boot fork needs
#   a 12 GiB heap.
#
#   platform/benchmarks/run.sh                       # the before/after summary
#   platform/benchmarks/run.sh --jmh                 # every JMH benchmark and the footprint probe
#   platform/benchmarks/run.sh FaultBenchmark        # arguments go to JMH: a benchmark regex,
#   platform/benchmarks/run.sh -prof stack Fault     #   a profiler, -wi/-i/-w/-r overrides,
#   platform/benchmarks/run.sh -p cost=fast Fault    #   a param, ...
#   SKIP_BUILD=1 platform/benchmarks/run.sh ...      # reuse target/benchmarks.jar
#   FOOTPRINT_SIZES="64g 1t" FOOTPRINT_HEAP=12g ...  # footprint of other machine sizes
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

mode=jmh
case "${1:-}" in
  "") mode=summary ;;
  --summary)
    mode=summary
    shift
    if [[ $# -gt 0 ]]; then
      echo "run.sh: --summary takes no arguments" >&2
      exit 2
    fi
    ;;
  --jmh) shift ;;
esac

if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -q -B -pl platform/benchmarks -am package -DskipTests
fi

jar="$here/target/benchmarks.jar"
out="$here/target"
# The API jar goes first: ExploreBenchmark boots the container, which exports the API packages its
# manifest names (the shaded jar has no manifest of the API's). ExploreBenchmark also needs a built
# kmodel home: distribution/target/kmodel (mvn -o install -DskipTests), or KMODEL_HOME.
api="$(ls "$root"/platform/api/target/kmodel-api-*.jar | grep -v -e sources -e javadoc | head -1)"

if [[ $mode == jmh ]]; then
  java -cp "$api:$jar" org.openjdk.jmh.Main -f 1 -rf json -rff "$out/jmh.json" "$@" \
    | tee "$out/jmh.txt"

  {
    java "-Xmx${FOOTPRINT_HEAP:-6g}" -cp "$jar" org.kmodel.benchmarks.MetadataFootprint \
      ${FOOTPRINT_SIZES:-64g}
    echo
    java "-Xmx${FOOTPRINT_HEAP:-6g}" -XX:+UseParallelGC -cp "$jar" \
      org.kmodel.benchmarks.MetadataFootprint ${FOOTPRINT_SIZES:-64g}
  } | tee "$out/footprint.txt"

  echo
  echo "JMH table: $out/jmh.txt  JSON: $out/jmh.json  footprint: $out/footprint.txt"
  exit 0
fi

# ---- the summary ----------------------------------------------------------------------------

home="${KMODEL_HOME:-$root/distribution/target/kmodel}"
if [[ ! -x "$home/bin/kmodel" ]]; then
  echo "run.sh: no kmodel home at $home: build one (mvn -B install -DskipTests) or set KMODEL_HOME" >&2
  exit 2
fi
export KMODEL_HOME="$home"
kmodel="$home/bin/kmodel"
work="$out/summary"
rm -rf "$work"
mkdir -p "$work"

load_start="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
step=0
progress() {
  step=$((step + 1))
  echo "[$step/6] $*" >&2
}

# JMH with the summary's shorter counts; its own output goes to target/summary/jmh.txt.
jmh() {
  local json=$1
  shift
  java -cp "$api:$jar" org.openjdk.jmh.Main -f 1 -rf json -rff "$work/$json" "$@" \
    >>"$work/jmh.txt"
}

# bash's time prints the locale's decimal separator; Summary reads a point.
LC_NUMERIC=C
# Runs COMMAND with stdout to OUTPUT and stderr to target/summary/stderr.txt, and appends
# "LABEL WALL USER SYS" (seconds, the process and its children) to times.txt. An exit code above
# MAXRC stops the summary.
timed() {
  local label=$1 output=$2 maxrc=$3 rc=0
  shift 3
  local TIMEFORMAT="$label %R %U %S"
  { time { "$@" >"$output" 2>>"$work/stderr.txt" || rc=$?; }; } 2>>"$work/times.txt"
  if ((rc > maxrc)); then
    echo "run.sh: $label: $* exited with $rc (stderr: $work/stderr.txt)" >&2
    exit 1
  fi
}

progress "4K faults/s, cost exact, fast, off (JMH, 8 s warm-up each: the rate settles late)"
jmh jmh-4k.json -wi 4 -w 2s -i 5 -r 1s 'FaultBenchmark\.baseFaults$'
progress "2M faults/s, cost exact, fast, off (JMH)"
jmh jmh-2m.json -wi 3 -w 2s -i 5 -r 1s 'FaultBenchmark\.hugeFaults$'
progress "explorer per execution, cost exact, off (JMH)"
jmh jmh-explore.json -wi 4 -w 2s -i 5 -r 1s 'ExploreBenchmark\.execution$'

# Before the start-up work: the JVM's defaults (C2, G1) and the JDK's own class-data archive, not
# the launcher's AppCDS one; KMODEL_JAVA_OPTS comes last on the launcher's java line and wins.
java_bin=${JAVA:-java}
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java_bin="$JAVA_HOME/bin/java"
fi
jdk="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p')"
if [[ -f "$jdk/lib/server/classes.jsa" ]]; then
  cds="-XX:SharedArchiveFile=$jdk/lib/server/classes.jsa"
else
  cds="-Xshare:off"
fi
run_before="$cds -XX:TieredStopAtLevel=4 -XX:+UseG1GC"

progress "cold kmodel run: a warm-up (it writes the AppCDS archive), then 5 x before and after"
trivial="$here/scenarios/trivial.yaml"
timed run.warmup "$work/run.txt" 0 env -u KMODEL_JAVA_OPTS "$kmodel" run "$trivial"
for _ in 1 2 3 4 5; do
  timed run.before "$work/run.txt" 0 env KMODEL_JAVA_OPTS="$run_before" "$kmodel" run "$trivial"
  timed run.after "$work/run.txt" 0 env -u KMODEL_JAVA_OPTS "$kmodel" run "$trivial"
done
archive=no
if compgen -G "$home/lib/kmodel-*.jsa" >/dev/null; then
  archive=yes
fi

# explore exits 1 when it finds a violation: the same on both sides, which the reports check.
progress "race A, cold kmodel explore: 3 x --cost exact and default"
race="$home/scenarios/btrfs/race-a-wait-reservations.yaml"
for _ in 1 2 3; do
  timed explore.before "$work/explore-before.json" 1 \
    env -u KMODEL_JAVA_OPTS "$kmodel" explore --json --cost exact "$race"
  timed explore.after "$work/explore-after.json" 1 \
    env -u KMODEL_JAVA_OPTS "$kmodel" explore --json "$race"
done

progress "kmodel compare, 8 variants: --jobs 1, then the default"
vary=(--vary /sys/kernel/mm/transparent_hugepage/enabled=always,never
  --vary cpu=westmere,zen5 --vary machine.nested.host_pages=none,4K)
largepages="$here/scenarios/largepages1g.yaml"
timed compare.before "$work/compare-before.json" 0 \
  env -u KMODEL_JAVA_OPTS "$kmodel" compare --json --jobs 1 "${vary[@]}" "$largepages"
timed compare.after "$work/compare-after.json" 0 \
  env -u KMODEL_JAVA_OPTS "$kmodel" compare --json "${vary[@]}" "$largepages"

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ $commit != unknown ]] && ! git -C "$root" diff --quiet HEAD 2>/dev/null; then
  commit="$commit (uncommitted changes)"
fi
{
  echo "commit=$commit"
  echo "java=$("$java_bin" -version 2>&1 | head -1 | tr -d '"')"
  echo "processors=$(nproc)"
  echo "run.before=$run_before"
  echo "archive=$archive"
  echo "load.start=$load_start"
  echo "load.end=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
} >"$work/info.properties"

echo >&2
status=0
java -cp "$jar" org.kmodel.benchmarks.Summary "$work" "$out" || status=$?
echo
echo "Markdown: $out/summary.md  JSON: $out/summary.json  measurements: $work/"
exit "$status"
