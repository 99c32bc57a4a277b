#!/usr/bin/env bash
# Builds the benchmark jar, runs the JMH benchmarks (one fork each; warm-up and measurement counts
# come from each benchmark's annotations: the 4 KiB fault rate needs 4-8 s of warm-up to settle),
# then the metadata-footprint probe under G1 and under the parallel collector.
#
# Results: the JMH table on stdout and in target/jmh.txt, JSON in target/jmh.json, the footprint
# in target/footprint.txt. About 1.5 minutes on 2 cores after the build; the 1 TiB boot fork needs a 12 GiB heap.
#
#   platform/benchmarks/run.sh                       # everything
#   platform/benchmarks/run.sh FaultBenchmark        # extra arguments go to JMH: a benchmark regex,
#   platform/benchmarks/run.sh -prof stack Fault     #   a profiler, -wi/-i/-w/-r overrides, ...
#   SKIP_BUILD=1 platform/benchmarks/run.sh ...      # reuse target/benchmarks.jar
#   FOOTPRINT_SIZES="64g 1t" FOOTPRINT_HEAP=12g ...  # footprint of other machine sizes
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -q -B -pl platform/benchmarks -am package -DskipTests
fi

jar="$here/target/benchmarks.jar"
out="$here/target"
# The API jar goes first: ExploreBenchmark boots the container, which exports the API packages its
# manifest names (the shaded jar has no manifest of the API's). ExploreBenchmark also needs a built
# kmodel home: distribution/target/kmodel (mvn -o install -DskipTests), or KMODEL_HOME.
api="$(ls "$root"/platform/api/target/kmodel-api-*.jar | grep -v -e sources -e javadoc | head -1)"
java -cp "$api:$jar" org.openjdk.jmh.Main -f 1 -rf json -rff "$out/jmh.json" "$@" | tee "$out/jmh.txt"

{
  java "-Xmx${FOOTPRINT_HEAP:-6g}" -cp "$jar" org.kmodel.benchmarks.MetadataFootprint \
    ${FOOTPRINT_SIZES:-64g}
  echo
  java "-Xmx${FOOTPRINT_HEAP:-6g}" -XX:+UseParallelGC -cp "$jar" \
    org.kmodel.benchmarks.MetadataFootprint ${FOOTPRINT_SIZES:-64g}
} | tee "$out/footprint.txt"

echo
echo "JMH table: $out/jmh.txt  JSON: $out/jmh.json  footprint: $out/footprint.txt"
