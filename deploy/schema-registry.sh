#!/usr/bin/env bash
# Starts a Confluent-compatible schema registry beside the broker: Apicurio Registry 3 (in-memory
# storage), its Confluent API at http://127.0.0.1:${PORT}/apis/ccompat/v7. The distribution comes
# from Maven Central through Maven; it needs Java 21+, found among the installed JDKs.
#   deploy/schema-registry.sh            # foreground; Ctrl-C stops it
#   PORT=8081 MANAGEMENT_PORT=9001 deploy/schema-registry.sh
# Then: ./careerstream schemas register --schema-registry-url http://127.0.0.1:8081/apis/ccompat/v7
set -euo pipefail
version="${APICURIO_VERSION:-3.3.3}"
port="${PORT:-8081}"
management_port="${MANAGEMENT_PORT:-9001}"
dir="${APICURIO_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/careerstream/apicurio-$version}"

find_java() {
  local best="" best_major=0 home major
  for home in "${CAREERSTREAM_REGISTRY_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk/*; do
    [[ -n "$home" && -r "$home/release" && -x "$home/bin/java" ]] || continue
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")"
    if [[ -n "$major" && "$major" -ge 21 && "$major" -gt "$best_major" ]]; then best="$home"; best_major="$major"; fi
  done
  [[ -n "$best" ]] && echo "$best/bin/java"
}

java="$(find_java)" || { echo "schema-registry.sh: Apicurio Registry needs Java 21+; none found (set CAREERSTREAM_REGISTRY_JAVA_HOME)" >&2; exit 1; }
if [[ ! -f "$dir/quarkus-run.jar" ]]; then
  echo "Fetching Apicurio Registry $version from Maven Central ..." >&2
  tmp="$(mktemp -d)"
  mvn -B -q -ntp org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="io.apicurio:apicurio-registry-app:$version:tar.gz:all" -DoutputDirectory="$tmp"
  mkdir -p "$dir"
  tar xzf "$tmp"/apicurio-registry-app-*.tar.gz -C "$dir"
  rm -rf "$tmp"
fi
echo "Schema registry: http://127.0.0.1:$port/apis/ccompat/v7 (Java: $java)" >&2
cd "$dir"
exec "$java" -Xmx256m -XX:+UseSerialGC \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
  -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$management_port" \
  -jar quarkus-run.jar
