# Shared by bin/run, bin/test, bin/i18n, bin/lint and bench/run: find (or set up) Odoo, PostgreSQL and the addon's
# Python dependencies.
# shellcheck shell=bash
#
# Settings (environment variables, all optional):
#   PYTHON             Python interpreter that can import Odoo 19.0        (default: python3)
#   ODOO_SRC           an Odoo 19.0 source tree, used when PYTHON cannot import Odoo 19.0: a virtualenv is
#                      made at HOUSING_VENV with Odoo installed from it    (default: ../odoo)
#   HOUSING_VENV       that virtualenv, beside the project (never inside the addon folder, which Odoo loads
#                      as the module)                                       (default: ../.venv-solidarity_housing)
#   ODOO_ADDONS_PATH   extra addons folders, comma-separated, e.g. enterprise or OCA repos
#   PGHOST PGPORT      PostgreSQL server                                    (default: 127.0.0.1 5432)
#   PGUSER PGPASSWORD  PostgreSQL role Odoo connects as; never "postgres"   (default: current user)
#   HOUSING_STATE_DIR  config files, filestore, private PostgreSQL cluster  (default: ~/.local/share/solidarity_housing)
#   HOUSING_NO_PIP=1   never install anything, only report what is missing
# Every command started from these scripts (bin/test runs bin/lint) gets the same settings: they are exported, and
# PYTHON is the interpreter chosen (the virtualenv's once it is set up).

ADDON_NAME=solidarity_housing
ADDON_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PYTHON="${PYTHON:-python3}"
export ODOO_SRC="${ODOO_SRC:-$ADDON_DIR/../odoo}"
export HOUSING_VENV="${HOUSING_VENV:-$(cd "$ADDON_DIR/.." && pwd)/.venv-$ADDON_NAME}"
export HOUSING_STATE_DIR="${HOUSING_STATE_DIR:-$HOME/.local/share/solidarity_housing}"
# libpq and psycopg2 read these: Python snippets below get the server from the environment, never from their source
export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-$(id -un)}"
[ -n "${PGPASSWORD:-}" ] && export PGPASSWORD
# a server that does not answer (or something else listening on the port) is reported, never waited for
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"
#: the superuser of a private cluster (bin/common.sh creates it); Odoo's role never is one
PRIVATE_PG_ADMIN=solidarity_housing_admin

say() { printf '\033[1m[%s]\033[0m %s\n' "$ADDON_NAME" "$*" >&2; }
die() { printf '\033[1;31m[%s] MISSING:\033[0m %s\n' "$ADDON_NAME" "$*" >&2; exit 2; }
fail() { printf '\033[1;31m[%s] FAILED:\033[0m %s\n' "$ADDON_NAME" "$*" >&2; exit 1; }

# show_tail <file> [lines]: the end of a log, to say what went wrong
show_tail() {
    [ -s "$1" ] || return 0
    printf '\033[1m[%s]\033[0m last lines of %s:\n' "$ADDON_NAME" "$1" >&2
    tail -n "${2:-20}" "$1" | sed 's/^/    /' >&2
}

odoo_version_of() {  # odoo_version_of <python>: "19.0" when it imports Odoo 19.0
    "$1" -c 'import odoo.release as r; print("%s.%s" % r.version_info[:2])' 2>/dev/null
}

check_python_and_odoo() {
    local version
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        die "no Python interpreter '$PYTHON'. Set PYTHON=/path/to/python3 (3.10 to 3.13)."
    fi
    version=$(odoo_version_of "$PYTHON" || true)
    if [ "$version" != "19.0" ] && [ -x "$HOUSING_VENV/bin/python" ] \
            && [ "$(odoo_version_of "$HOUSING_VENV/bin/python" || true)" = "19.0" ]; then
        if [ -n "$version" ]; then
            say "'$PYTHON' imports Odoo $version: using Odoo 19.0 from the virtualenv $HOUSING_VENV"
        else
            say "'$PYTHON' cannot import Odoo: using Odoo 19.0 from the virtualenv $HOUSING_VENV"
        fi
        PYTHON="$HOUSING_VENV/bin/python"
        version="19.0"
    fi
    if [ "$version" != "19.0" ]; then
        # no Odoo, or another version of it (an Odoo 18 installed for this Python): Odoo 19.0 from its source tree
        setup_odoo_from_source "$version"
        version="19.0"
    fi
    ODOO_COMMUNITY_ADDONS=$("$PYTHON" -c 'import os, odoo.release as r; print(os.path.join(os.path.dirname(os.path.dirname(r.__file__)), "addons"))')
    [ -d "$ODOO_COMMUNITY_ADDONS/account" ] || [ -n "${ODOO_ADDONS_PATH:-}" ] \
        || die "Odoo's community addons (account, mail, contacts...) were not found next to the odoo package ($ODOO_COMMUNITY_ADDONS). Set ODOO_ADDONS_PATH to the folder holding them."
}

# setup_odoo_from_source [version found]: PYTHON cannot import Odoo 19.0; install it from ODOO_SRC into a virtualenv.
setup_odoo_from_source() {
    local base="$PYTHON" found="${1:-}" src pyver requirements
    local what="cannot import Odoo 19.0"
    [ -z "$found" ] || what="imports Odoo $found, not 19.0"
    if [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
        die "'$PYTHON' $what and there is no Odoo source tree at ODOO_SRC=$ODOO_SRC. Either install Odoo 19.0 for this interpreter, point PYTHON at one that has it, or get the source (git clone --depth 1 -b 19.0 https://github.com/odoo/odoo ../odoo) and run this again."
    fi
    src="$(cd "$ODOO_SRC" && pwd)"
    grep -Eq "^version_info = \(19, 0," "$src/odoo/release.py" \
        || die "$src is not an Odoo 19.0 source tree (odoo/release.py says otherwise): set ODOO_SRC to one."
    [ "${HOUSING_NO_PIP:-0}" = "1" ] \
        && die "'$PYTHON' $what; installing it from $src is forbidden by HOUSING_NO_PIP=1."
    case "$(cd "$(dirname "$HOUSING_VENV")" 2>/dev/null && pwd)/" in
        "$ADDON_DIR"/*) say "WARNING: the virtualenv $HOUSING_VENV is inside the addon folder, which Odoo loads as the module: put it beside (HOUSING_VENV)." ;;
    esac
    pyver=$("$base" -c 'import sys; print("%s.%s" % sys.version_info[:2])')
    say "'$base' (Python $pyver) $what: setting up Odoo 19.0 from $src in the virtualenv $HOUSING_VENV"
    ensure_system_packages "$base"
    if [ ! -x "$HOUSING_VENV/bin/python" ]; then
        "$base" -m venv "$HOUSING_VENV" \
            || die "could not create the virtualenv $HOUSING_VENV ('$base' -m venv): install python3-venv (Debian: apt-get install python3-venv) or the venv module of '$base'."
    fi
    PYTHON="$HOUSING_VENV/bin/python"
    "$PYTHON" -m pip install --quiet --upgrade "pip<26" wheel "setuptools<70" \
        || die "could not upgrade pip in $HOUSING_VENV."
    # Odoo's pinned requirements, with the pins that build on this Python (see the README's prerequisites)
    requirements="$HOUSING_VENV/odoo-requirements.txt"
    "$PYTHON" - "$src/requirements.txt" "$requirements" <<'PY' || die "could not read Odoo's requirements ($src/requirements.txt)."
import re
import sys

from pip._vendor.packaging.markers import Marker

source, target = sys.argv[1:]
running = "%s.%s" % sys.version_info[:2]
# the pins that build and work on a Python version, where Odoo's own do not (lxml 5 dropped lxml.html.clean,
# which Odoo imports): each replaces the version of the requirement that applies to the running Python only,
# its environment marker kept, so that the file stays valid for every Python
PINS = {"3.11": {"lxml": "lxml==4.9.3"}}
EXTRA = {"3.11": ["lxml_html_clean==0.4.4"]}
lines = []
for line in open(source, encoding="utf-8"):
    line = line.rstrip("\n")
    requirement, _hash, comment = line.partition("#")
    spec, _semicolon, marker = requirement.partition(";")
    name = re.match(r"\s*([A-Za-z0-9_.-]+)", spec)
    pin = name and PINS.get(running, {}).get(name.group(1).lower())
    if pin and (not marker.strip() or Marker(marker.strip()).evaluate()):
        line = pin + (f" ; {marker.strip()}" if marker.strip() else "") + (f"  #{comment}" if comment else "")
    lines.append(line)
lines += [f"{extra} ; python_version == '{running}'" for extra in EXTRA.get(running, [])]
lines += ["phonenumbers", "websocket-client"]
open(target, "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
    say "installing Odoo's requirements (a few minutes)"
    "$PYTHON" -m pip install --quiet -r "$requirements" \
        || die "could not install Odoo's requirements in $HOUSING_VENV (see above; Debian needs: apt-get install build-essential python3-dev libpq-dev libldap2-dev libsasl2-dev)."
    "$PYTHON" -m pip install --quiet --no-deps -e "$src" --config-settings editable_mode=compat \
        || die "could not install Odoo from $src into $HOUSING_VENV."
    fix_odoo_manifests "$src"
    [ "$(odoo_version_of "$PYTHON" || true)" = "19.0" ] || die "Odoo was installed in $HOUSING_VENV but does not import; read the output above."
    say "Odoo 19.0 is installed in $HOUSING_VENV (next runs use it directly)"
}

# fix_odoo_manifests <odoo source>: some copies of Odoo 19.0 name views/res_config_settings_views.xml in
# five manifests while the file is views/res_config_settings.xml; those modules would not install.
fix_odoo_manifests() {
    local manifest module fixed=() readonly=()
    for manifest in "$1"/addons/*/__manifest__.py; do
        module="$(dirname "$manifest")"
        if grep -q "views/res_config_settings_views.xml" "$manifest" \
                && [ ! -f "$module/views/res_config_settings_views.xml" ] && [ -f "$module/views/res_config_settings.xml" ]; then
            if [ -w "$manifest" ] && sed -i 's#views/res_config_settings_views.xml#views/res_config_settings.xml#' "$manifest"; then
                fixed+=("$(basename "$module")")
            else
                readonly+=("$(basename "$module")")
            fi
        fi
    done
    [ ${#fixed[@]} -eq 0 ] || say "fixed ${#fixed[@]} Odoo manifests that named a missing views/res_config_settings_views.xml: ${fixed[*]}"
    [ ${#readonly[@]} -eq 0 ] || say "WARNING: the Odoo tree $1 is read-only: the manifests of ${readonly[*]} name views/res_config_settings_views.xml, which does not exist (views/res_config_settings.xml does); those modules will not install until their manifest is corrected (or use a writable copy of the tree)."
}

# ensure_system_packages <python>: what Odoo's requirements need to build with <python> (a C compiler, its headers,
# its venv module) and the C libraries they build against; wkhtmltopdf. Installed with apt-get as root on Debian,
# otherwise said plainly.
ensure_system_packages() {
    local base="$1" missing=() python_missing=() system_python=0
    case "$(readlink -f "$(command -v "$base")")" in /usr/bin/python3*) system_python=1 ;; esac
    command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing+=(build-essential)
    if ! "$base" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null; then
        python_missing+=("the C headers of $base (Debian: python3-dev)")
        [ "$system_python" = 1 ] && missing+=(python3-dev)
    fi
    if ! "$base" -c 'import ensurepip, venv' 2>/dev/null; then
        python_missing+=("the venv module of $base (Debian: python3-venv)")
        [ "$system_python" = 1 ] && missing+=(python3-venv)
    fi
    command -v pg_config >/dev/null 2>&1 || missing+=(libpq-dev)
    [ -e /usr/include/ldap.h ] || missing+=(libldap2-dev)
    [ -e /usr/include/sasl/sasl.h ] || missing+=(libsasl2-dev)
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ "${HOUSING_NO_PIP:-0}" != "1" ]; then
            say "installing system packages: ${missing[*]} (apt-get)"
            { apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }; } \
                || die "could not install ${missing[*]} with apt-get; install them and rerun."
        else
            say "WARNING: system packages missing: ${missing[*]} (Debian: apt-get install ${missing[*]}); Odoo's requirements (psycopg2, python-ldap) are compiled from source and will fail without them."
        fi
    fi
    # what apt-get could not give to an interpreter that is not Debian's own
    if ! "$base" -c 'import ensurepip, venv' 2>/dev/null; then
        die "'$base' has no venv module (ensurepip): install it (Debian: apt-get install python3-venv) or set PYTHON to an interpreter that has it."
    fi
    if [ ${#python_missing[@]} -gt 0 ] && [ "$system_python" = 0 ] \
            && ! "$base" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null; then
        say "WARNING: missing ${python_missing[*]}: packages without a wheel for this Python will not build."
    fi
}

pg_answers() {
    "$PYTHON" - <<'PY' 2>/dev/null
import psycopg2
psycopg2.connect(dbname="postgres").close()
PY
}

# private_pg_paths: PRIVATE_PG_DATA (the cluster), PRIVATE_PG_LOG (its log), PRIVATE_PG_SECRETS (the passwords, the
# invoking user's only), PRIVATE_PG_OWNER and PRIVATE_PG_RUN (who runs it) of the private cluster for PGPORT. As
# root the cluster belongs to the postgres system user: it lives in the state folder when postgres can reach it,
# else in /var/lib/solidarity_housing (root's home is closed to other users).
private_pg_paths() {
    local folder="$HOUSING_STATE_DIR"
    PRIVATE_PG_OWNER="$(id -un)"
    PRIVATE_PG_RUN=()
    if [ "$(id -u)" = 0 ]; then
        PRIVATE_PG_OWNER=postgres
        PRIVATE_PG_RUN=(runuser -u postgres --)
        mkdir -p "$folder"
        if ! id postgres >/dev/null 2>&1 || ! runuser -u postgres -- test -x "$folder" 2>/dev/null; then
            folder=/var/lib/$ADDON_NAME
        fi
    fi
    if [ "$folder" = "$HOUSING_STATE_DIR" ] && [ "$PGPORT" = 5432 ]; then
        PRIVATE_PG_DATA="$folder/postgresql"  # where earlier versions put it
    else
        PRIVATE_PG_DATA="$folder/postgresql-$PGPORT"
    fi
    PRIVATE_PG_LOG="$PRIVATE_PG_DATA.log"
    PRIVATE_PG_SECRETS="$HOUSING_STATE_DIR/postgresql-$PGPORT-passwords"
}

# use_private_pg_password: PGPASSWORD of PGUSER in the private cluster of PGPORT, when there is one and none is set.
use_private_pg_password() {
    [ -z "${PGPASSWORD:-}" ] || return 0
    case "$PGHOST" in 127.0.0.1 | localhost | ::1) ;; *) return 0 ;; esac
    private_pg_paths
    if [ -f "$PRIVATE_PG_SECRETS/$PGUSER" ]; then
        PGPASSWORD="$(cat "$PRIVATE_PG_SECRETS/$PGUSER")"
        export PGPASSWORD
    fi
}

check_postgres() {
    [ "$PGUSER" != "postgres" ] || die "Odoo refuses to connect as 'postgres'. Set PGUSER to another PostgreSQL role (with CREATEDB)."
    [ "$PGUSER" != "$PRIVATE_PG_ADMIN" ] || die "'$PRIVATE_PG_ADMIN' is the private cluster's superuser: Odoo connects with a role of its own. Set PGUSER to another role."
    use_private_pg_password
    pg_answers && return 0
    start_private_postgres || die "PostgreSQL does not accept connections as '$PGUSER' on $PGHOST:$PGPORT. Start it, or set PGHOST/PGPORT/PGUSER/PGPASSWORD (the role needs CREATEDB)."
    pg_answers || {
        show_tail "$PRIVATE_PG_LOG"
        die "the private PostgreSQL cluster started but does not accept '$PGUSER' on $PGHOST:$PGPORT; see $PRIVATE_PG_LOG."
    }
}

# new_password: a random password (letters and digits)
new_password() {
    "$PYTHON" -c 'import secrets, string; print("".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32)))'
}

# start_private_postgres: no server answers on PGHOST:PGPORT. When PostgreSQL's server binaries are installed and
# PGHOST is this machine, run a cluster of our own, on loopback only, with password authentication (scram-sha-256):
# its superuser's password and Odoo's role's (CREATEDB, nothing more) are generated and kept in the state folder,
# readable by the invoking user only; PGPASSWORD is exported for Odoo and the scripts. Says what it does, and what
# went wrong (the end of the log) when it fails.
start_private_postgres() {
    local bindir listen major auth pwfile initlog stop
    case "$PGHOST" in
        127.0.0.1 | localhost) listen=127.0.0.1; PGHOST=127.0.0.1 ;;  # "localhost" may resolve to ::1 first
        ::1) listen=::1 ;;
        *) return 1 ;;
    esac
    bindir="$(command -v initdb >/dev/null 2>&1 && dirname "$(readlink -f "$(command -v initdb)")" || true)"
    [ -n "$bindir" ] || bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
        say "no PostgreSQL answers on $PGHOST:$PGPORT and PostgreSQL's server binaries (initdb, pg_ctl) are not installed (Debian: apt-get install postgresql) for a private cluster."
        return 1
    fi
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        say "running as root, a private PostgreSQL cluster needs the 'postgres' system user (PostgreSQL never runs as root): create it (Debian: apt-get install postgresql) or run as another user."
        return 1
    fi
    private_pg_paths
    mkdir -p "$(dirname "$PRIVATE_PG_DATA")" "$PRIVATE_PG_SECRETS"
    chmod 700 "$PRIVATE_PG_SECRETS"
    stop="${PRIVATE_PG_RUN[*]:+${PRIVATE_PG_RUN[*]} }$bindir/pg_ctl -D $PRIVATE_PG_DATA stop"
    major="$("$bindir/initdb" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')"
    auth=scram-sha-256
    [ "${major:-0}" -ge 14 ] 2>/dev/null || auth=md5  # scram-sha-256 is the default password encryption from 14
    if [ ! -f "$PRIVATE_PG_DATA/PG_VERSION" ]; then
        say "no PostgreSQL answers on $PGHOST:$PGPORT: creating a private cluster in $PRIVATE_PG_DATA (PostgreSQL $major, run by $PRIVATE_PG_OWNER, listening on $listen only, password authentication)"
        new_password > "$PRIVATE_PG_SECRETS/$PRIVATE_PG_ADMIN"
        chmod 600 "$PRIVATE_PG_SECRETS/$PRIVATE_PG_ADMIN"
        mkdir -p "$PRIVATE_PG_DATA"
        chown "$PRIVATE_PG_OWNER" "$PRIVATE_PG_DATA"
        chmod 700 "$PRIVATE_PG_DATA"
        # the superuser's password, readable by the cluster's owner for initdb only
        pwfile="$(mktemp "${TMPDIR:-/tmp}/solidarity_housing_pw.XXXXXX")"
        cp "$PRIVATE_PG_SECRETS/$PRIVATE_PG_ADMIN" "$pwfile"
        chown "$PRIVATE_PG_OWNER" "$pwfile"
        chmod 600 "$pwfile"
        initlog="$PRIVATE_PG_SECRETS/initdb.log"
        if ! (cd / && "${PRIVATE_PG_RUN[@]}" "$bindir/initdb" -D "$PRIVATE_PG_DATA" -U "$PRIVATE_PG_ADMIN" --pwfile="$pwfile" \
                --auth="$auth" --encoding=UTF8 --locale=C.UTF-8) >"$initlog" 2>&1; then
            rm -f "$pwfile"
            show_tail "$initlog"
            say "initdb could not create the private cluster in $PRIVATE_PG_DATA as '$PRIVATE_PG_OWNER' (above); remove $PRIVATE_PG_DATA before trying again."
            return 1
        fi
        rm -f "$pwfile"
    fi
    touch "$PRIVATE_PG_LOG" && chown "$PRIVATE_PG_OWNER" "$PRIVATE_PG_LOG"
    if (cd / && "${PRIVATE_PG_RUN[@]}" "$bindir/pg_ctl" -D "$PRIVATE_PG_DATA" status) >/dev/null 2>&1; then
        say "the private PostgreSQL cluster $PRIVATE_PG_DATA is running (stop it with: $stop)"
    else
        say "starting the private PostgreSQL cluster $PRIVATE_PG_DATA on $PGHOST:$PGPORT (log: $PRIVATE_PG_LOG; stop it with: $stop)"
        if ! (cd / && "${PRIVATE_PG_RUN[@]}" "$bindir/pg_ctl" -D "$PRIVATE_PG_DATA" -l "$PRIVATE_PG_LOG" -w \
                -o "-c listen_addresses=$listen -c port=$PGPORT -c unix_socket_directories=''" start) >/dev/null 2>&1; then
            show_tail "$PRIVATE_PG_LOG"
            say "the private PostgreSQL cluster $PRIVATE_PG_DATA did not start (above)."
            return 1
        fi
    fi
    [ -f "$PRIVATE_PG_SECRETS/$PRIVATE_PG_ADMIN" ] || {
        say "the password of the private cluster's superuser ($PRIVATE_PG_SECRETS/$PRIVATE_PG_ADMIN) is gone: cannot create the role '$PGUSER'."
        return 1
    }
    # Odoo's role: it logs in and creates databases (odoo db init, the addon's install: nothing more is needed)
    [ -f "$PRIVATE_PG_SECRETS/$PGUSER" ] || { new_password > "$PRIVATE_PG_SECRETS/$PGUSER" && chmod 600 "$PRIVATE_PG_SECRETS/$PGUSER"; }
    PGUSER="$PRIVATE_PG_ADMIN" PGPASSWORD="$(cat "$PRIVATE_PG_SECRETS/$PRIVATE_PG_ADMIN")" \
        "$PYTHON" - "$PGUSER" "$PRIVATE_PG_SECRETS/$PGUSER" <<'PY' || { say "could not create the role '$PGUSER' in the private cluster (above)."; return 1; }
import sys

import psycopg2
from psycopg2 import sql

role, password_file = sys.argv[1:]
password = open(password_file, encoding="utf-8").read().strip()
conn = psycopg2.connect(dbname="postgres")
conn.autocommit = True
cur = conn.cursor()
cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
verb = "ALTER" if cur.fetchone() else "CREATE"
cur.execute(
    sql.SQL("{} ROLE {} LOGIN CREATEDB NOSUPERUSER NOCREATEROLE PASSWORD {}").format(
        sql.SQL(verb), sql.Identifier(role), sql.Literal(password)
    )
)
PY
    PGPASSWORD="$(cat "$PRIVATE_PG_SECRETS/$PGUSER")"
    export PGPASSWORD
    say "Odoo connects to the private cluster as '$PGUSER' (CREATEDB only; its password is in $PRIVATE_PG_SECRETS/$PGUSER)"
}

# ensure_python_packages <import name>=<pip requirement> ...
# A requirement starting with "nodeps:" is installed without its dependencies.
ensure_python_packages() {
    local missing=() spec module requirement plain=() nodeps=()
    for spec in "$@"; do
        module="${spec%%=*}"
        requirement="${spec#*=}"
        "$PYTHON" -c "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('$module') else 1)" 2>/dev/null \
            && continue
        missing+=("${requirement#nodeps:}")
        case "$requirement" in
            nodeps:*) nodeps+=("${requirement#nodeps:}") ;;
            *) plain+=("$requirement") ;;
        esac
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "${HOUSING_NO_PIP:-0}" = "1" ]; then
        die "Python packages missing for '$PYTHON': ${missing[*]} (install them, or unset HOUSING_NO_PIP)."
    fi
    say "installing Python packages: ${missing[*]}"
    if [ ${#plain[@]} -gt 0 ]; then
        "$PYTHON" -m pip install --quiet "${plain[@]}" \
            || die "could not install ${plain[*]} with '$PYTHON -m pip'. Install them yourself and rerun."
    fi
    if [ ${#nodeps[@]} -gt 0 ]; then
        "$PYTHON" -m pip install --quiet --no-deps "${nodeps[@]}" \
            || die "could not install ${nodeps[*]} with '$PYTHON -m pip'. Install them yourself and rerun."
    fi
}

ensure_addon_dependencies() {
    ensure_python_packages \
        "xlsxwriter=xlsxwriter" \
        "openpyxl=openpyxl" \
        "xlrd=xlrd" \
        "odoo.addons.report_xlsx=nodeps:odoo-addon-report-xlsx==19.0.*"
}

# make_addons_path <folder>: the addon under its technical name, as Odoo and pytest-odoo need it.
make_addons_path() {
    local folder="$1"
    mkdir -p "$folder"
    ln -sfn "$ADDON_DIR" "$folder/$ADDON_NAME"
    HOUSING_ADDONS_PATH="$folder${ODOO_ADDONS_PATH:+,$ODOO_ADDONS_PATH}"
}

# free_port: a TCP port nobody listens on, on loopback.
free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# write_config <file> <database> [extra lines]
write_config() {
    local file="$1" database="$2"
    shift 2
    {
        echo "[options]"
        echo "db_host = $PGHOST"
        echo "db_port = $PGPORT"
        echo "db_user = $PGUSER"
        [ -n "${PGPASSWORD:-}" ] && echo "db_password = $PGPASSWORD"
        echo "db_name = $database"
        echo "dbfilter = ^$database\$"
        echo "addons_path = $HOUSING_ADDONS_PATH"
        echo "http_interface = 127.0.0.1"
        printf '%s\n' "$@"
    } > "$file"
    chmod 600 "$file"
}

# db_query <database> <sql> [args...]: the first column of the first row, or nothing (no row). Fails loudly (a message,
# a non-zero exit) when the server cannot be reached or the query fails: never an empty answer that reads "no".
db_query() {
    "$PYTHON" - "$@" <<'PY'
import sys

import psycopg2

database, query, *args = sys.argv[1:]
try:
    conn = psycopg2.connect(dbname=database)
    cur = conn.cursor()
    cur.execute(query, args)
    row = cur.fetchone()
except psycopg2.Error as error:
    print(f"[solidarity_housing] FAILED: PostgreSQL, database {database}: {str(error).strip()}", file=sys.stderr)
    sys.exit(3)
if row:
    print(row[0])
PY
}

database_exists() {
    local found
    found="$(db_query postgres "SELECT 1 FROM pg_database WHERE datname = %s" "$1")" \
        || die "could not ask PostgreSQL on $PGHOST:$PGPORT whether the database $1 exists (above)."
    [ -n "$found" ]
}

# database_seems_to_exist <database>: as database_exists, false when the server cannot say (for clean-ups)
database_seems_to_exist() {
    [ -n "$(db_query postgres "SELECT 1 FROM pg_database WHERE datname = %s" "$1" 2>/dev/null)" ]
}

# mark_database <database> <by> [token]: remember which command created the database (bin/test drops only its own)
# and, with a token, which run of it.
mark_database() {
    "$PYTHON" - "$1" "$2" "${3:-}" <<'PY'
import sys

import psycopg2

database, by, token = sys.argv[1:]
conn = psycopg2.connect(dbname=database)
cur = conn.cursor()
for key, value in (("solidarity_housing.created_by", by), ("solidarity_housing.created_token", token)):
    if value:
        cur.execute(
            "INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES (%s, %s, now(), now()) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (key, value),
        )
conn.commit()
PY
}

# database_marker <database> [created_by|created_token]: what mark_database wrote, nothing for a database without it
# (not an Odoo database, or not created by these commands); fails loudly when the server cannot answer.
database_marker() {
    "$PYTHON" - "$1" "solidarity_housing.${2:-created_by}" <<'PY'
import sys

import psycopg2

database, key = sys.argv[1:]
try:
    conn = psycopg2.connect(dbname=database)
    cur = conn.cursor()
    cur.execute("SELECT to_regclass('public.ir_config_parameter') IS NOT NULL")
    if cur.fetchone()[0]:
        cur.execute("SELECT value FROM ir_config_parameter WHERE key = %s", (key,))
        row = cur.fetchone()
        if row:
            print(row[0])
except psycopg2.Error as error:
    print(f"[solidarity_housing] FAILED: PostgreSQL, database {database}: {str(error).strip()}", file=sys.stderr)
    sys.exit(3)
PY
}

database_created_by() {
    database_marker "$1" created_by
}

# run_token: a token of this run of a command, for the databases it creates
run_token() {
    printf '%s:%s:%s' "${1:-run}" "$$" "$("$PYTHON" -c 'import secrets; print(secrets.token_hex(8))')"
}

# drop_database <database>: only ever called on a database the caller created.
drop_database() {
    "$PYTHON" - "$1" <<'PY'
import sys
import psycopg2
from psycopg2 import sql

conn = psycopg2.connect(dbname="postgres")
conn.autocommit = True
conn.cursor().execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(sys.argv[1])))
PY
}

# drop_own_database <database> <token>: drop the database if this run created it (its token says so), else keep it.
drop_own_database() {
    local token
    token="$(database_marker "$1" created_token 2>/dev/null || true)"
    if [ -n "$2" ] && [ "$token" = "$2" ]; then
        drop_database "$1" >/dev/null 2>&1 || say "could not drop the database $1"
    elif database_seems_to_exist "$1"; then
        say "kept the database $1: it does not carry this run's mark"
    fi
}

# check_addon_installed <database>: the addon is installed, with its demo data.
check_addon_installed() {
    "$PYTHON" - "$1" "$ADDON_NAME" <<'PY' || die "$ADDON_NAME or its demo data did not install in $1: read the log above."
import sys
import psycopg2

conn = psycopg2.connect(dbname=sys.argv[1])
cur = conn.cursor()
cur.execute("SELECT state, demo FROM ir_module_module WHERE name = %s", (sys.argv[2],))
row = cur.fetchone()
if not row or row[0] != "installed":
    sys.exit(1)
# Odoo installs a module without its demo data when that data fails, and says so only in its log
cur.execute("SELECT m.name, f.error FROM ir_demo_failure f JOIN ir_module_module m ON m.id = f.module_id")
failures = cur.fetchall()
for name, error in failures:
    print(f"demo data of {name} failed:\n{error}", file=sys.stderr)
sys.exit(1 if failures or not row[1] else 0)
PY
}

# init_database <database> <config> <language>: an empty Odoo database (base), French association's country. Fails
# (returns non-zero) when Odoo cannot create it, e.g. because it exists: the caller then never counts it as its own.
init_database() {
    "$PYTHON" -m odoo db -c "$2" init "$1" --language "$3" --country FR
}

# install_addon <database> <config> <language> [nodemo] [checks]: the addon and the addon's own demo data in a database
# made by init_database; "checks" installs it as Odoo's own test runner does (test mode on, no test run), so that the
# checks Odoo makes only then (a dashboard's menus and fields...) run. Odoo's demo data would give the main company a generic chart of accounts in dollars, so Odoo's
# modules are installed without it (French chart, euros) and only the addon's demo data is loaded afterwards, the
# way Odoo's "force demo" does it, for this addon alone, in the database's language (Odoo loads data files without
# one): its names, messages and documents read in it.
install_addon() {
    local database="$1" config="$2" language="$3" demo="${4:-demo}" checks=()
    # a test tag no test carries: test mode without running Odoo's own tests
    [ "${5:-}" != "checks" ] || checks=(--test-enable --test-tags=install_checks_only)
    "$PYTHON" -m odoo -c "$config" -d "$database" -i "l10n_fr_account,$ADDON_NAME" --load-language=fr_FR \
        --stop-after-init --log-level=warn "${checks[@]}"
    [ "$demo" = "demo" ] || return 0
    "$PYTHON" -m odoo shell -c "$config" -d "$database" --no-http --log-level=warn <<PY
from odoo.modules.loading import load_demo
from odoo.modules.module_graph import ModuleGraph
from odoo.tools import convert

xml_import_init = convert.xml_import.__init__


def xml_import_in_language(self, env, *args, **kwargs):
    xml_import_init(self, env, *args, **kwargs)
    self.envs = [env(context=dict(env.context, lang="$language"))]


convert.xml_import.__init__ = xml_import_in_language
env = env(context=dict(env.context, lang="$language"))
env.transaction.default_env = env  # what is computed when the cursor flushes (names...) too
env.cr.execute("UPDATE ir_module_module SET demo = TRUE WHERE name = %s", ["$ADDON_NAME"])
env.cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
graph = ModuleGraph(env.cr, mode="load")
graph.extend([name for (name,) in env.cr.fetchall()])
for package in graph:
    if package.name == "$ADDON_NAME" and not load_demo(env, package, {}, "init"):
        env.cr.execute("UPDATE ir_module_module SET demo = FALSE WHERE name = %s", ["$ADDON_NAME"])
env.cr.commit()
PY
}

# update_database <database> <config>: update the addon; demo records added since are loaded too.
update_database() {
    "$PYTHON" -m odoo -c "$2" -d "$1" -u "$ADDON_NAME" --stop-after-init --log-level=warn
}
