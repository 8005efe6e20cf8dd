#!/usr/bin/env bash
# The embedded single-node OpenSearch 2.19 of opensearch/ (a development and
# test convenience; production points SEARCH_URL at a real cluster).
#
#   scripts/opensearch.sh build   # resolve the jars into ~/.m2 (first run) and compile the launcher
#   scripts/opensearch.sh run     # foreground (make opensearch); Ctrl-C stops it
#   scripts/opensearch.sh start   # background; returns once /_cluster/health is green
#   scripts/opensearch.sh stop    # stops the node `start` started
#
# Data and logs live under $OPENSEARCH_HOME (var/opensearch); it listens on
# 127.0.0.1:$OPENSEARCH_PORT (9200), heap $OPENSEARCH_HEAP (512m).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

export OPENSEARCH_HOME=${OPENSEARCH_HOME:-var/opensearch}
export OPENSEARCH_PORT=${OPENSEARCH_PORT:-9200}
HEAP=${OPENSEARCH_HEAP:-512m}
START_TIMEOUT=${OPENSEARCH_START_TIMEOUT:-120}
DIR=opensearch
JAR="$DIR/target/portal-opensearch-2.19.6.jar"
CLASSPATH_FILE="$DIR/target/classpath.txt"
PID_FILE="$OPENSEARCH_HOME/node.pid"
OUT_FILE="$OPENSEARCH_HOME/logs/console.log"
JAVA=${OPENSEARCH_JAVA:-java}
URL="http://127.0.0.1:$OPENSEARCH_PORT"

need_tools() {
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found: OpenSearch 2.19 needs a JDK 17 (apt-get install openjdk-17-jdk-headless)"
  command -v mvn >/dev/null 2>&1 || apt_install maven || die "mvn not found and apt-get could not install maven"
}

build() {
  need_tools
  local stale=0 f
  [ -f "$JAR" ] && [ -f "$CLASSPATH_FILE" ] || stale=1
  if [ "$stale" = 0 ]; then
    for f in "$DIR/pom.xml" $(find "$DIR/src" -type f); do
      [ "$f" -nt "$JAR" ] && stale=1
    done
  fi
  [ "$stale" = 0 ] && return 0
  # Offline when ~/.m2 already holds every jar; the first run resolves them.
  if ! mvn -q -B -o -f "$DIR/pom.xml" package >/dev/null 2>&1; then
    log "resolving OpenSearch 2.19.6 jars into ~/.m2 (first run only)"
    mvn -q -B -f "$DIR/pom.xml" package || die "mvn could not build the OpenSearch launcher ($DIR/pom.xml)"
  fi
}

java_command() {
  mkdir -p "$OPENSEARCH_HOME/logs"
  echo "$JAVA" -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dopensearch.logs="$OPENSEARCH_HOME/logs" -Dlog4j2.disable.jmx=true \
    -cp "$JAR:$(cat "$CLASSPATH_FILE")" gov.portal.opensearch.DevNode
}

health() { curl -fsS --max-time 2 "$URL/_cluster/health" 2>/dev/null; }

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

port_taken() {
  port_open "$OPENSEARCH_PORT" && die "127.0.0.1:$OPENSEARCH_PORT is already in use (another OpenSearch? scripts/opensearch.sh stop, or set OPENSEARCH_PORT)"
  return 0
}

case "${1:-run}" in
  build)
    build
    ;;
  run)
    build
    port_taken
    # shellcheck disable=SC2046
    exec $(java_command)
    ;;
  start)
    build
    if pid=$(running_pid); then die "OpenSearch already started (pid $pid): scripts/opensearch.sh stop"; fi
    port_taken
    mkdir -p "$OPENSEARCH_HOME/logs"
    began=$(date +%s)
    # shellcheck disable=SC2046
    nohup $(java_command) >"$OUT_FILE" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    for _ in $(seq 1 "$START_TIMEOUT"); do
      if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
        tail -n 30 "$OUT_FILE" >&2 || true
        rm -f "$PID_FILE"
        die "OpenSearch exited while starting (log: $OUT_FILE, $OPENSEARCH_HOME/logs/opensearch.log)"
      fi
      if health | grep -q '"status":"green"'; then
        log "OpenSearch green on $URL after $(($(date +%s) - began)) s (pid $(cat "$PID_FILE"))"
        exit 0
      fi
      sleep 1
    done
    tail -n 30 "$OUT_FILE" >&2 || true
    kill "$(cat "$PID_FILE")" 2>/dev/null || true
    rm -f "$PID_FILE"
    die "OpenSearch was not green on $URL within $START_TIMEOUT s (log: $OUT_FILE)"
    ;;
  stop)
    if pid=$(running_pid); then
      kill "$pid"
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      log "OpenSearch stopped (pid $pid)"
    fi
    rm -f "$PID_FILE"
    ;;
  *)
    die "usage: scripts/opensearch.sh build|run|start|stop"
    ;;
esac
