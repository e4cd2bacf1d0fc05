#!/bin/sh
# Makes sure the browser tests have a Chromium and a matching chromedriver, before Surefire runs them.
# Order: CHROME_BIN + CHROMEDRIVER (or chromedriver on PATH) if set; Debian's /usr/bin/chromium and
# /usr/bin/chromedriver; an existing google-chrome with chromedriver; otherwise, as root on Debian/Ubuntu, install
# Debian's chromium and chromium-driver with apt-get. No test tool downloads a browser itself.
set -eu

found() {
  echo "ensure-chromium: using browser $1 and driver $2"
  exit 0
}

if [ -n "${CHROME_BIN:-}" ] && [ -x "${CHROME_BIN}" ]; then
  driver="${CHROMEDRIVER:-$(command -v chromedriver || true)}"
  if [ -n "$driver" ] && [ -x "$driver" ]; then found "$CHROME_BIN" "$driver"; fi
fi
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then found /usr/bin/chromium /usr/bin/chromedriver; fi
for chrome in /usr/bin/google-chrome /usr/bin/google-chrome-stable /usr/bin/chromium-browser; do
  if [ -x "$chrome" ] && command -v chromedriver >/dev/null 2>&1; then found "$chrome" "$(command -v chromedriver)"; fi
done

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium and chromium-driver (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q chromium chromium-driver
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then found /usr/bin/chromium /usr/bin/chromedriver; fi
fi

cat >&2 <<'MSG'
ensure-chromium: the browser tests need Chromium and chromedriver, and none were found.
  On Debian or Ubuntu, as root:   apt-get update && apt-get install -y chromium chromium-driver
  Or point at an existing Chrome: CHROME_BIN=/path/to/chrome CHROMEDRIVER=/path/to/chromedriver ./mvnw -B -ntp verify
MSG
exit 1
