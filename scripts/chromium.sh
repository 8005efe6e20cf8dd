#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright (which never
# downloads a browser). Installs chromium and chromium-driver with apt-get
# when CHROMIUM or CHROMEDRIVER is missing; fails with one sentence if it
# cannot. Usage: scripts/chromium.sh [CHROMIUM] [CHROMEDRIVER]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

CHROMIUM=${1:-/usr/bin/chromium}
CHROMEDRIVER=${2:-/usr/bin/chromedriver}
present() { [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]; }

present && exit 0
apt_install chromium chromium-driver || true
present || die "the browser tests need $CHROMIUM and $CHROMEDRIVER and they could not be installed: install Debian's chromium and chromium-driver packages as root (apt-get install chromium chromium-driver), then run make test again."
