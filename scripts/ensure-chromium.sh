#!/usr/bin/env bash
# Makes sure the end-to-end tests have a Chromium to drive. Playwright cannot download its own browsers here, so
# the tests use a system Chromium: $CHROMIUM_PATH if set, else /usr/bin/chromium, installed from Debian's
# packages when missing and this user may run apt-get.
set -euo pipefail
browser=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$browser" ]; then exit 0; fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable browser." >&2
  exit 1
fi
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium for the end-to-end tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No Chromium at /usr/bin/chromium. Install your distribution's chromium package, or set CHROMIUM_PATH" >&2
echo "to a Chromium or Chrome binary (for example one that 'npx playwright install chromium' downloaded)." >&2
exit 1
