#!/usr/bin/env bash
# `make test` runs this first: the quality report's browser tests need headless Chromium at /usr/bin/chromium.
# Present: nothing to do. Missing, as root with apt: install Debian's chromium package. Otherwise: say how.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests (apt-get)"
  # wait (up to 5 min) rather than fail when another apt/dpkg holds its lock
  apt-get -o DPkg::Lock::Timeout=300 update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi
echo "make test: the browser tests need headless Chromium at $CHROMIUM, and it is missing." >&2
echo "  Debian/Ubuntu: sudo apt-get install chromium   (or run make test as root, which installs it)" >&2
exit 1
