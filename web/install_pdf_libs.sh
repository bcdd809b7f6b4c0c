#!/usr/bin/env bash
# Installs what the PDF export (WeasyPrint, web/pdf_export.py) needs from the system: Pango
# and its FreeType backend, HarfBuzz's subsetter (smaller fonts in each PDF, faster), fontconfig,
# and a serif and sans-serif with the Latin letters of Uzbek (oʻ gʻ), Uzbek Cyrillic
# (ў қ ғ ҳ) and Russian: Debian's fonts-dejavu-core. Idempotent: does nothing when all are
# installed. Called by `make install` (so by `make test` and `make run` too).
#
#   web/install_pdf_libs.sh          # as root, or a user with sudo
set -euo pipefail
# shellcheck source=../tests/apt_sudo.sh
. "$(dirname "$0")/../tests/apt_sudo.sh"

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core)

missing=()
for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_pdf_libs.sh: no apt-get here; install Pango (>= 1.44) and a font with" \
         "Latin and Cyrillic (DejaVu) for the PDF export: missing ${missing[*]}" >&2
    exit 1
fi
need_root install_pdf_libs.sh "${missing[*]}"

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fc-list | grep -qi "DejaVu Serif" || {
    echo "install_pdf_libs.sh: fonts-dejavu-core installed but fontconfig lists no DejaVu Serif" >&2
    exit 1
}
echo "install_pdf_libs.sh: installed ${missing[*]}"
