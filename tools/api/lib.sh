# lib.sh - shell functions that tools/api/release-baseline.sh and check-baseline-catches.sh share;
# sourced, not run. Each function works on a copy of the project rooted at its first argument.

# The copy's project version: the root pom's own, which every module names as its parent's.
api_project_version() {
    awk '/<artifactId>kmodel-parent<\/artifactId>/ { found = 1; next }
         found && /<version>/ { sub(/.*<version>/, ""); sub(/<\/version>.*/, ""); print; exit }' \
        "$1/pom.xml"
}

# Sets every pom of the copy from its project version to $2; fails if any pom keeps the old one.
api_set_version() {
    local dir=$1 new=$2 old
    old=$(api_project_version "$dir")
    [[ -n $old ]] || { printf 'cannot read the project version of %s\n' "$dir" >&2; return 1; }
    find "$dir" -name pom.xml -exec sed -i "s|<version>$old</version>|<version>$new</version>|g" {} +
    if grep -rl --include=pom.xml -F "<version>$old</version>" "$dir" >/dev/null; then
        printf 'a pom of %s still says %s after setting %s\n' "$dir" "$old" "$new" >&2
        return 1
    fi
}

# Builds the copy's platform/api at its current version and stores the jar, a minimal pom and
# their SHA-1 files in the Maven repository directory $2. $3 says where the source came from;
# further arguments go to mvn.
api_record_release() {
    local dir=$1 repo=$2 source=$3 version dest jar f
    shift 3
    version=$(api_project_version "$dir")
    dest=$repo/org/kmodel/kmodel-api/$version
    mvn -B -q -f "$dir/platform/api/pom.xml" -DskipTests package "$@" || return 1
    jar=$dir/platform/api/target/kmodel-api-$version.jar
    [[ -f $jar ]] || { printf 'the build made no %s\n' "$jar" >&2; return 1; }
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
  <description>The kmodel API as released from $source; the baseline bnd checks API changes against</description>
</project>
POM
    for f in "$dest/kmodel-api-$version.jar" "$dest/kmodel-api-$version.pom"; do
        sha1sum "$f" | cut -d' ' -f1 >"$f.sha1"
    done
}
