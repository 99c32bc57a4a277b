#!/usr/bin/env bash
# release-baseline.sh - record a released kmodel API jar as the baseline bnd checks API changes against.
#
# Usage: tools/api/release-baseline.sh COMMIT VERSION [MAVEN_ARG...]
#   e.g. tools/api/release-baseline.sh 202b3dc 0.1.0
#        tools/api/release-baseline.sh HEAD 1.0.0 -o
#
# Builds platform/api exactly as it was at COMMIT, with every pom of that copy set to VERSION,
# and stores the jar and a minimal pom in the project's file repository
# platform/api/released/org/kmodel/kmodel-api/VERSION/, from where the bnd-baseline-maven-plugin
# of platform/api resolves it (property kmodel.api.baseline in platform/api/pom.xml names the
# version to baseline against; raise it after recording a newer release). Extra arguments go to
# mvn (-o, -Dmaven.repo.local=...). A recorded release is never overwritten.
set -euo pipefail

die() {
    printf 'release-baseline.sh: %s\n' "$*" >&2
    exit 2
}

(($# >= 2)) || die "usage: release-baseline.sh COMMIT VERSION [MAVEN_ARG...]"
commit=$1
version=$2
shift 2
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "VERSION must be MAJOR.MINOR.MICRO, got '$version'"

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
sha=$(git -C "$root" rev-parse --verify --quiet "$commit^{commit}") || die "no such commit: $commit"
dest=$root/platform/api/released/org/kmodel/kmodel-api/$version
[[ ! -e $dest ]] || die "$dest exists; a released API is never rebuilt"

work=$(mktemp -d "${TMPDIR:-/tmp}/kmodel-api-$version.XXXXXX")
trap 'rm -rf "$work"' EXIT

# git archive, not a checkout: the copy holds exactly the commit's tracked files and leaves
# no worktree entry behind in the repository if the script is interrupted.
git -C "$root" archive --format=tar "$sha" | tar -x -C "$work"
[[ -f $work/platform/api/pom.xml ]] || die "commit $commit has no platform/api module"

# The version the copy's poms carry: the root pom's own, which every module names as its parent's.
old=$(awk '/<artifactId>kmodel-parent<\/artifactId>/ { found = 1; next }
           found && /<version>/ { sub(/.*<version>/, ""); sub(/<\/version>.*/, ""); print; exit }' \
    "$work/pom.xml")
[[ -n $old ]] || die "cannot read the project version from the root pom of $commit"
find "$work" -name pom.xml -exec sed -i "s|<version>$old</version>|<version>$version</version>|g" {} +
if grep -rl --include=pom.xml -F "<version>$old</version>" "$work" >/dev/null; then
    die "some pom still says $old after setting $version"
fi

printf 'Building kmodel-api %s from %s (was %s)\n' "$version" "$sha" "$old" >&2
mvn -B -q -f "$work/pom.xml" -pl platform/api -am -DskipTests package "$@"

jar=$work/platform/api/target/kmodel-api-$version.jar
[[ -f $jar ]] || die "the build made no $jar"
mkdir -p "$dest"
cp "$jar" "$dest/kmodel-api-$version.jar"
cat >"$dest/kmodel-api-$version.pom" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.kmodel</groupId>
  <artifactId>kmodel-api</artifactId>
  <version>$version</version>
  <packaging>jar</packaging>
  <name>kmodel API</name>
  <description>The kmodel API as released from commit $sha; the baseline bnd checks API changes against</description>
</project>
POM
for f in "$dest"/kmodel-api-"$version".{jar,pom}; do
    sha1sum "$f" | cut -d' ' -f1 >"$f.sha1"
done
printf 'Recorded %s\n' "$dest" >&2
