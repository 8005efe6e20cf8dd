# Shared helpers for scripts/*.sh and .ci/run (source it; bash only).
# apt-get runs as root, or through sudo when not root; `apt-get update` runs
# at most once per process, and only when something has to be installed.

log() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    printf 'not root and sudo is not installed: cannot run %s\n' "$*" >&2
    return 1
  fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

APT_UPDATED=${APT_UPDATED:-0}
# apt_install PKG...: installs the packages that are not installed yet.
# Returns non-zero (callers word the error) when apt-get cannot.
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do installed "$pkg" || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || { printf 'apt-get not found\n' >&2; return 1; }
  log "installing ${missing[*]} (apt-get)"
  if [ "$APT_UPDATED" = 0 ]; then
    as_root apt-get update -qq || printf 'apt-get update failed; trying the package lists on disk\n' >&2
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_port NAME PORT SECONDS
wait_port() {
  local _
  for _ in $(seq 1 "$3"); do port_open "$2" && return 0; sleep 1; done
  die "$1 did not answer on 127.0.0.1:$2 within $3 s"
}
