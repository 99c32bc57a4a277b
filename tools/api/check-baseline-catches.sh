#!/usr/bin/env bash
# check-baseline-catches.sh - prove that bnd baseline fails the build of platform/api when an
# exported interface changes while its package version stays put.
#
# Usage: tools/api/check-baseline-catches.sh [MAVEN_ARG...]   (e.g. -o, -Dmaven.repo.local=...)
#
# Works on a copy of the working tree's root pom, .mvn/ and platform/api in a temporary
# directory; the project itself is not touched. Against the configured baseline
# (kmodel.api.baseline, the last released API):
#  1. An abstract method added to the provider interface Knobs must fail the build with bnd's
#     report marking org.kmodel.api.knob as a MINOR mismatch.
#  2. An abstract method added to the consumer interface ThpPolicy must fail it with
#     org.kmodel.api.thp marked as a MAJOR mismatch.
#  3. The same change with org.kmodel.api.thp's and the bundle's major versions raised must pass.
# Exits 0 when all three hold, 1 with the reason otherwise.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tools/api/lib.sh
source "$root/tools/api/lib.sh"

fail() {
    printf 'check-baseline-catches.sh: FAILED: %s\n' "$*" >&2
    exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/kmodel-baseline-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar -C "$root" --exclude=target -cf - pom.xml .mvn platform/api | tar -C "$work" -xf -
api=$work/platform/api
src=$api/src/main/java/org/kmodel/api
log=$work/build.log

# Only the baseline is under test: no unit tests, no format check.
verify() {
    mvn -B -f "$api/pom.xml" -Dmaven.test.skip=true -Dspotless.check.skip=true verify "$@" >"$log" 2>&1
}

# Adds an abstract method to a Java interface: before its last closing brace.
add_abstract_method() {
    local file=$1
    sed -i '$ d' "$file"
    printf '\n  int baselineCheckProbe();\n}\n' >>"$file"
    grep -q 'int baselineCheckProbe();' "$file" || fail "could not change $file"
}

# The build must fail, with the plugin's failure and the package's row marked as a mismatch of
# the given delta (MAJOR, MINOR).
expect_mismatch() {
    local case=$1 package=$2 delta=$3
    shift 3
    if verify "$@"; then
        fail "case $case: the build passed although $package changed without a version bump (log below)
$(cat "$log")"
    fi
    grep -q 'Baseline problems detected' "$log" ||
        fail "case $case: the build failed, but not on bnd baseline (log below)
$(cat "$log")"
    local row
    row=$(grep -E "^\[ERROR\] \* ${package//./\\.} +PACKAGE +$delta " "$log") ||
        fail "case $case: bnd baseline failed, but did not mark $package as a $delta mismatch (log below)
$(cat "$log")"
    printf 'case %s: caught: %s\n' "$case" "${row#\[ERROR\] }"
}

# Case 1: a provider interface gains a method: a minor change the package version must show.
cp "$src/knob/Knobs.java" "$work/Knobs.java.orig"
add_abstract_method "$src/knob/Knobs.java"
expect_mismatch 1 org.kmodel.api.knob MINOR "$@"
cp "$work/Knobs.java.orig" "$src/knob/Knobs.java"

# Case 2: a consumer interface gains an abstract method: every plugin breaks, a major change.
add_abstract_method "$src/thp/ThpPolicy.java"
expect_mismatch 2 org.kmodel.api.thp MAJOR "$@"

# Case 3: the same change, with the versions semantic versioning asks for.
current=$(api_project_version "$work")
IFS=. read -r major _ <<<"${current%-SNAPSHOT}"
thp_version=$(sed -n 's/^@Version("\([0-9]*\)\..*/\1/p' "$src/thp/package-info.java")
[[ -n $thp_version ]] || fail "cannot read the version of org.kmodel.api.thp"
sed -i "s/^@Version(\"[^\"]*\")/@Version(\"$((thp_version + 1)).0.0\")/" "$src/thp/package-info.java"
api_set_version "$work" "$((major + 1)).0.0-SNAPSHOT" || fail "cannot raise the copy's major version"
verify "$@" || fail "case 3: the build failed although org.kmodel.api.thp and the bundle were versioned for the change (log below)
$(cat "$log")"
grep -q 'Baseline check succeeded' "$log" || fail "case 3: the build passed without running bnd baseline (log below)
$(cat "$log")"
printf 'case 3: passes with org.kmodel.api.thp %s.0.0 in bundle %s.0.0\n' "$((thp_version + 1))" "$((major + 1))"
printf 'check-baseline-catches.sh: bnd baseline catches unversioned API breaks\n'
