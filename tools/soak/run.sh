#!/usr/bin/env bash
# The long soak (issue 12): tools/soak/run.sh [OPS] [SEED], 10^6 operations from seed 1 unless
# given. Compiles the distribution's tests, then runs org.kmodel.it.Soak on their class path:
# progress every 5% on stderr, a summary table and one JSON line on stdout, exit 1 on any DEBUG_VM
# violation or data read-back mismatch. MAVEN_REPO overrides the local Maven repository;
# SKIP_BUILD=1 reuses distribution/target.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
ops="${1:-1000000}"
seed="${2:-1}"
repo=()
if [ -n "${MAVEN_REPO:-}" ]; then
  repo=("-Dmaven.repo.local=$MAVEN_REPO")
fi
cp_file=distribution/target/soak.classpath
if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -B -q -o -pl distribution "${repo[@]}" test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/soak.classpath -Dmdep.includeScope=test >&2
fi
exec java -cp "distribution/target/test-classes:$(cat "$cp_file")" org.kmodel.it.Soak "$ops" "$seed"
