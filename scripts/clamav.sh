#!/usr/bin/env bash
# A test clamd for the upload tests and .ci/run: ClamAV's daemon on
# 127.0.0.1:${CLAMD_TEST_PORT:-3310} with only the signatures shipped in
# tests/fixtures/clamav/ (EICAR; there is no network here for freshclam).
# Installs Debian's clamav-daemon (apt-get) only when clamd is missing, writes
# its configuration under ${CLAMD_TEST_DIR:-/tmp/portal-clamd}, starts it and
# waits until it answers PING. Idempotent: a clamd already answering is left
# alone. Point the portal at it with CLAMD_HOST=127.0.0.1 CLAMD_PORT=3310.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/scripts/lib.sh"

PORT="${CLAMD_TEST_PORT:-3310}"
DIR="${CLAMD_TEST_DIR:-/tmp/portal-clamd}"
DB="$ROOT/tests/fixtures/clamav"
CONF="$DIR/clamd.conf"

# clamd_ping: 0 when something on 127.0.0.1:$PORT answers PONG.
clamd_ping() {
  local reply=""
  { exec 3<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null || return 1
  printf 'zPING\0' >&3
  IFS= read -r -d '' -t 5 reply <&3 || true
  exec 3<&- 3>&-
  [ "$reply" = PONG ]
}

if clamd_ping; then
  log "clamd: 127.0.0.1:$PORT answers PING (left alone)"
  exit 0
fi
port_open "$PORT" && die "something listens on 127.0.0.1:$PORT but does not answer clamd's PING: stop it or set CLAMD_TEST_PORT."

CLAMD="$(command -v clamd || true)"
[ -n "$CLAMD" ] || [ ! -x /usr/sbin/clamd ] || CLAMD=/usr/sbin/clamd
if [ -z "$CLAMD" ]; then
  apt_install clamav-daemon || die "could not install clamav-daemon with apt-get."
  CLAMD="$(command -v clamd || echo /usr/sbin/clamd)"
fi
[ -x "$CLAMD" ] || die "clamav-daemon is installed but $CLAMD is not executable."

mkdir -p "$DIR"
cat >"$CONF" <<CONF
# Written by scripts/clamav.sh: a test clamd with the repository's signatures.
TCPSocket $PORT
TCPAddr 127.0.0.1
DatabaseDirectory $DB
PidFile $DIR/clamd.pid
LogFile $DIR/clamd.log
LogTime yes
TemporaryDirectory $DIR
Foreground no
# uploads are at most 50 MB (eforms.submission.uploads.ABSOLUTE_MAX_MB)
StreamMaxLength 64M
MaxFileSize 64M
MaxScanSize 128M
ConcurrentDatabaseReload no
CONF
if [ "$(id -u)" = 0 ] && id clamav >/dev/null 2>&1; then
  # clamd drops to this user; it must read the signatures and write $DIR.
  echo "User clamav" >>"$CONF"
  chown -R clamav "$DIR" 2>/dev/null || true
fi

log "starting clamd on 127.0.0.1:$PORT (signatures: $DB, log: $DIR/clamd.log)"
"$CLAMD" --config-file="$CONF" || die "clamd did not start; see $DIR/clamd.log"
for _ in $(seq 1 60); do
  if clamd_ping; then
    log "clamd: 127.0.0.1:$PORT answers PING"
    exit 0
  fi
  sleep 1
done
die "clamd did not answer PING on 127.0.0.1:$PORT within 60 s; see $DIR/clamd.log"
