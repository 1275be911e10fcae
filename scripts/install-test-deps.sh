#!/usr/bin/env bash
# Installs what the tests need beyond Python packages: Debian's chromium, for
# the report's headless-browser test. Idempotent and quiet: does nothing when
# chromium is already there; never fails the build (without root or apt the
# browser test skips and says why).
set -u

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: no apt-get here; the report's browser test will be skipped" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "install-test-deps: not root; install chromium (apt-get install chromium) to run the browser test" >&2
        exit 0
    fi
fi
log="$(mktemp -t lfrwatch-apt.XXXXXX)"
echo "install-test-deps: no chromium on PATH; the report's browser test needs it, so running" \
     "'${SUDO:+$SUDO }apt-get update' and '${SUDO:+$SUDO }apt-get install -y chromium' (about a minute; log: $log)." \
     "Install it yourself beforehand to skip this step." >&2
if $SUDO apt-get update -qq >"$log" 2>&1 &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >>"$log" 2>&1; then
    rm -f "$log"
    echo "install-test-deps: chromium installed ($(command -v chromium))" >&2
else
    echo "install-test-deps: could not install chromium (see $log); the browser test will be skipped" >&2
fi
exit 0
