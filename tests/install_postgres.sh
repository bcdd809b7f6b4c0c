#!/usr/bin/env bash
# Installs what the PostgreSQL tests and `make cluster` need from the system: Debian's
# postgresql-15 server binaries (/usr/lib/postgresql/15/bin). Idempotent: does nothing when they
# are already there. The package's own cluster (15/main on port 5432) is not used: the tests and
# lexsearch/pgcluster.py initdb their own clusters on free loopback ports; it is not even
# created here (create_main_cluster = false), so nothing listens on 5432 because of us.
#
#   tests/install_postgres.sh          # as root, or a user with sudo
set -euo pipefail
# shellcheck source=apt_sudo.sh
. "$(dirname "$0")/apt_sudo.sh"

BIN=/usr/lib/postgresql/15/bin

have() { command -v "$1" >/dev/null 2>&1; }

if [ -x "$BIN/postgres" ] && [ -x "$BIN/initdb" ] && [ -x "$BIN/pg_basebackup" ]; then
    echo "install_postgres.sh: PostgreSQL 15 already installed ($BIN)"
    exit 0
fi

if ! have apt-get; then
    echo "install_postgres.sh: no apt-get here; install PostgreSQL 15 so that $BIN/postgres" \
         "exists, or point LEXSEARCH_PG_BIN at its bin folder" >&2
    exit 1
fi

need_root install_postgres.sh postgresql-15

export DEBIAN_FRONTEND=noninteractive
# postgresql-common reads this before the server package's postinst would create 15/main
"${SUDO[@]}" mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" |
    "${SUDO[@]}" tee /etc/postgresql-common/createcluster.d/lexsearch.conf >/dev/null
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends postgresql-15 postgresql-client-15

if [ ! -x "$BIN/postgres" ]; then
    echo "install_postgres.sh: apt-get finished but $BIN/postgres is missing" >&2
    exit 1
fi
# root runs the server binaries as this user (PostgreSQL refuses root); the package makes it
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
echo "install_postgres.sh: installed $BIN"
