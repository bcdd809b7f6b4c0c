# Sourced by the install scripts (tests/browser/install.sh, tests/install_postgres.sh,
# web/install_pdf_libs.sh): how to run apt-get here.
#
#   need_root SCRIPT WHAT   sets SUDO=() as root, SUDO=(sudo) where sudo is; otherwise says on
#                           stderr that SCRIPT must run as root to apt-get install WHAT, exit 1
need_root() {
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "$1: must run as root (or with sudo available) to apt-get install $2" >&2
        exit 1
    fi
}
