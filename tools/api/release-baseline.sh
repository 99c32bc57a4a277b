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
# of platform/api resolves it. The property kmodel.api.baseline in platform/api/pom.xml names the
# release the build compares with: raise it after recording a newer one, and move the project
# version past the release. Extra arguments go to mvn (-o, -Dmaven.repo.local=...). A recorded
# release is never overwritten.
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
# shellcheck source=tools/api/lib.sh
source "$root/tools/api/lib.sh"
sha=$(git -C "$root" rev-parse --verify --quiet "$commit^{commit}") || die "no such commit: $commit"
repo=$root/platform/api/released
[[ ! -e $repo/org/kmodel/kmodel-api/$version ]] ||
    die "kmodel-api $version is already recorded; a released API is never rebuilt"

work=$(mktemp -d "${TMPDIR:-/tmp}/kmodel-api-$version.XXXXXX")
trap 'rm -rf "$work"' EXIT

# git archive, not a checkout: the copy holds exactly the commit's tracked files and leaves
# no worktree entry behind in the repository if the script is interrupted.
git -C "$root" archive --format=tar "$sha" | tar -x -C "$work"
[[ -f $work/platform/api/pom.xml ]] || die "commit $commit has no platform/api module"

old=$(api_project_version "$work")
api_set_version "$work" "$version" || die "cannot set version $version"
printf 'Building kmodel-api %s from %s (was %s)\n' "$version" "$sha" "$old" >&2
api_record_release "$work" "$repo" "commit $sha" "$@" || die "building kmodel-api $version failed"
printf 'Recorded kmodel-api %s in %s\n' "$version" "$repo" >&2
