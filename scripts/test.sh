#!/usr/bin/env bash
# Install everything the tests need — the Python packages and Debian's Chromium for the browser
# tests — then run the whole suite (library, AppTest pages, real-browser tests). Extra arguments
# go to pytest, e.g. `scripts/test.sh -k facts`.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]"

# Browser tests drive Debian's Chromium at /usr/bin/chromium (never `playwright install`); the
# deploy tests run Debian's nginx; the offline test records the server's connect() calls with strace.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/sbin/nginx ] || need+=(nginx)
command -v strace >/dev/null 2>&1 || need+=(strace)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then apt_get=(apt-get)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then apt_get=(sudo apt-get)
  else apt_get=()
  fi
  if [ ${#apt_get[@]} -gt 0 ]; then
    # Debian starts a freshly installed nginx on port 80; policy-rc.d forbids that here.
    made_policy=""
    if [ "$(id -u)" -eq 0 ] && [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
      made_policy=1
    fi
    "${apt_get[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
  else
    echo "note: cannot install ${need[*]} (not root, no sudo); browser, deploy and offline tests will be skipped" >&2
  fi
fi

exec "$VENV/bin/python" -m pytest "$@"
