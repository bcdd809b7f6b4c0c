#!/usr/bin/env bash
# Installs what the browser tests need from the system: Debian's chromium (/usr/bin/chromium)
# and chromium-driver. Idempotent: does nothing when both are already there. Playwright is a
# Python package (the project's test extras); its own browser download is never used.
#
#   tests/browser/install.sh          # as root, or a user with sudo
set -euo pipefail
# shellcheck source=../apt_sudo.sh
. "$(dirname "$0")/../apt_sudo.sh"

have() { command -v "$1" >/dev/null 2>&1; }

if have chromium && have chromedriver && [ -x /usr/bin/chromium ]; then
    echo "install.sh: chromium already installed ($(command -v chromium))"
    exit 0
fi

if ! have apt-get; then
    echo "install.sh: no apt-get here; install Chromium so that /usr/bin/chromium exists" >&2
    exit 1
fi

need_root install.sh chromium

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq chromium chromium-driver

if [ ! -x /usr/bin/chromium ]; then
    echo "install.sh: apt-get finished but /usr/bin/chromium is missing" >&2
    exit 1
fi
echo "install.sh: installed $(command -v chromium)"
