# Shared by bin/run, bin/test, bin/i18n and bench/run: find (or set up) Odoo, PostgreSQL and the addon's
# Python dependencies.
# shellcheck shell=bash
#
# Settings (environment variables, all optional):
#   PYTHON             Python interpreter that can import Odoo 19.0        (default: python3)
#   ODOO_SRC           an Odoo 19.0 source tree, used when PYTHON cannot import Odoo: a virtualenv is
#                      made at HOUSING_VENV with Odoo installed from it    (default: ../odoo)
#   HOUSING_VENV       that virtualenv                                      (default: .venv, ignored by git)
#   ODOO_ADDONS_PATH   extra addons folders, comma-separated, e.g. enterprise or OCA repos
#   PGHOST PGPORT      PostgreSQL server                                    (default: 127.0.0.1 5432)
#   PGUSER PGPASSWORD  PostgreSQL role Odoo connects as; never "postgres"   (default: current user)
#   HOUSING_STATE_DIR  config files, filestore, private PostgreSQL cluster  (default: ~/.local/share/solidarity_housing)
#   HOUSING_NO_PIP=1   never install anything, only report what is missing

ADDON_NAME=solidarity_housing
ADDON_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
ODOO_SRC="${ODOO_SRC:-$ADDON_DIR/../odoo}"
HOUSING_VENV="${HOUSING_VENV:-$ADDON_DIR/.venv}"
HOUSING_STATE_DIR="${HOUSING_STATE_DIR:-$HOME/.local/share/solidarity_housing}"
# libpq and psycopg2 read these: Python snippets below get the server from the environment, never from their source
export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-$(id -un)}"
[ -n "${PGPASSWORD:-}" ] && export PGPASSWORD

say() { printf '\033[1m[%s]\033[0m %s\n' "$ADDON_NAME" "$*" >&2; }
die() { printf '\033[1;31m[%s] MISSING:\033[0m %s\n' "$ADDON_NAME" "$*" >&2; exit 2; }

odoo_version_of() {  # odoo_version_of <python>: "19.0" when it imports Odoo 19.0
    "$1" -c 'import odoo.release as r; print("%s.%s" % r.version_info[:2])' 2>/dev/null
}

check_python_and_odoo() {
    local version
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        die "no Python interpreter '$PYTHON'. Set PYTHON=/path/to/python3 (3.10 to 3.13)."
    fi
    version=$(odoo_version_of "$PYTHON" || true)
    if [ -z "$version" ] && [ -x "$HOUSING_VENV/bin/python" ] && [ "$(odoo_version_of "$HOUSING_VENV/bin/python" || true)" = "19.0" ]; then
        PYTHON="$HOUSING_VENV/bin/python"
        version="19.0"
        say "using Odoo 19.0 from the virtualenv $HOUSING_VENV"
    fi
    if [ -z "$version" ]; then
        setup_odoo_from_source
        version="19.0"
    fi
    [ "$version" = "19.0" ] || die "'$PYTHON' imports Odoo $version; this addon needs Odoo 19.0 (set PYTHON to an interpreter with Odoo 19.0)."
    ODOO_COMMUNITY_ADDONS=$("$PYTHON" -c 'import os, odoo.release as r; print(os.path.join(os.path.dirname(os.path.dirname(r.__file__)), "addons"))')
    [ -d "$ODOO_COMMUNITY_ADDONS/account" ] || [ -n "${ODOO_ADDONS_PATH:-}" ] \
        || die "Odoo's community addons (account, mail, contacts...) were not found next to the odoo package ($ODOO_COMMUNITY_ADDONS). Set ODOO_ADDONS_PATH to the folder holding them."
}

# setup_odoo_from_source: PYTHON cannot import Odoo; install Odoo 19.0 from ODOO_SRC into a virtualenv.
setup_odoo_from_source() {
    local base="$PYTHON" src pyver requirements
    if [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
        die "'$PYTHON' cannot import Odoo 19.0 and there is no Odoo source tree at ODOO_SRC=$ODOO_SRC. Either install Odoo 19.0 for this interpreter, point PYTHON at one that has it, or get the source (git clone --depth 1 -b 19.0 https://github.com/odoo/odoo ../odoo) and run this again."
    fi
    src="$(cd "$ODOO_SRC" && pwd)"
    grep -Eq "^version_info = \(19, 0," "$src/odoo/release.py" \
        || die "$src is not an Odoo 19.0 source tree (odoo/release.py says otherwise): set ODOO_SRC to one."
    [ "${HOUSING_NO_PIP:-0}" = "1" ] \
        && die "'$PYTHON' cannot import Odoo 19.0; installing it from $src is forbidden by HOUSING_NO_PIP=1."
    pyver=$("$base" -c 'import sys; print("%s.%s" % sys.version_info[:2])')
    say "'$base' (Python $pyver) cannot import Odoo: setting up Odoo 19.0 from $src in the virtualenv $HOUSING_VENV"
    ensure_system_packages
    if [ ! -x "$HOUSING_VENV/bin/python" ]; then
        "$base" -m venv "$HOUSING_VENV" || die "could not create the virtualenv $HOUSING_VENV ('$base' -m venv); install python3-venv."
    fi
    PYTHON="$HOUSING_VENV/bin/python"
    "$PYTHON" -m pip install --quiet --upgrade "pip<26" wheel "setuptools<70" \
        || die "could not upgrade pip in $HOUSING_VENV."
    # Odoo's pinned requirements, with the pins that build on this Python (see the README's prerequisites)
    requirements="$HOUSING_VENV/odoo-requirements.txt"
    "$PYTHON" - "$src/requirements.txt" "$requirements" <<'PY'
import re
import sys

source, target = sys.argv[1:]
lines = []
for line in open(source, encoding="utf-8"):
    line = line.rstrip("\n")
    if sys.version_info[:2] == (3, 11) and re.match(r"^lxml[=<> ;]", line):
        line = "lxml==4.9.3"  # lxml 5 dropped lxml.html.clean, which Odoo imports
    lines.append(line)
if sys.version_info[:2] == (3, 11):
    lines.append("lxml_html_clean==0.4.4")
lines += ["phonenumbers", "websocket-client"]
open(target, "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
    say "installing Odoo's requirements (a few minutes)"
    "$PYTHON" -m pip install --quiet -r "$requirements" \
        || die "could not install Odoo's requirements in $HOUSING_VENV (see above; Debian needs: apt-get install libpq-dev libldap2-dev libsasl2-dev python3-dev)."
    "$PYTHON" -m pip install --quiet --no-deps -e "$src" --config-settings editable_mode=compat \
        || die "could not install Odoo from $src into $HOUSING_VENV."
    fix_odoo_manifests "$src"
    [ "$(odoo_version_of "$PYTHON" || true)" = "19.0" ] || die "Odoo was installed in $HOUSING_VENV but does not import; read the output above."
    say "Odoo 19.0 is installed in $HOUSING_VENV (next runs use it directly)"
}

# fix_odoo_manifests <odoo source>: some copies of Odoo 19.0 name views/res_config_settings_views.xml in
# five manifests while the file is views/res_config_settings.xml; those modules would not install.
fix_odoo_manifests() {
    local manifest module fixed=0
    for manifest in "$1"/addons/*/__manifest__.py; do
        module="$(dirname "$manifest")"
        if grep -q "views/res_config_settings_views.xml" "$manifest" \
                && [ ! -f "$module/views/res_config_settings_views.xml" ] && [ -f "$module/views/res_config_settings.xml" ]; then
            sed -i 's#views/res_config_settings_views.xml#views/res_config_settings.xml#' "$manifest"
            fixed=$((fixed + 1))
        fi
    done
    [ "$fixed" -eq 0 ] || say "fixed $fixed Odoo manifests that named a missing views/res_config_settings_views.xml"
}

# ensure_system_packages: the C libraries Odoo's requirements build against (Debian, as root), and wkhtmltopdf.
ensure_system_packages() {
    local missing=()
    command -v pg_config >/dev/null 2>&1 || missing+=(libpq-dev)
    [ -e /usr/include/ldap.h ] || missing+=(libldap2-dev)
    [ -e /usr/include/sasl/sasl.h ] || missing+=(libsasl2-dev)
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ "${HOUSING_NO_PIP:-0}" != "1" ]; then
        say "installing system packages: ${missing[*]} (apt-get)"
        { apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }; } \
            || die "could not install ${missing[*]} with apt-get; install them and rerun."
    else
        say "WARNING: system packages missing: ${missing[*]} (install them if Odoo's requirements fail to build)"
    fi
}

pg_answers() {
    "$PYTHON" - <<'PY' 2>/dev/null
import psycopg2
psycopg2.connect(dbname="postgres").close()
PY
}

check_postgres() {
    [ "$PGUSER" != "postgres" ] || die "Odoo refuses to connect as 'postgres'. Set PGUSER to another PostgreSQL role (with CREATEDB)."
    pg_answers && return 0
    start_private_postgres || die "PostgreSQL does not accept connections as '$PGUSER' on $PGHOST:$PGPORT. Start it, or set PGHOST/PGPORT/PGUSER/PGPASSWORD (the role needs CREATEDB)."
    pg_answers || die "the private PostgreSQL cluster started but does not accept '$PGUSER' on $PGHOST:$PGPORT; see $HOUSING_STATE_DIR/postgresql.log."
}

# start_private_postgres: no server answers on PGHOST:PGPORT. When PostgreSQL's server binaries are installed and
# PGHOST is this machine, run a cluster of our own in the state folder, on loopback only.
start_private_postgres() {
    local bindir data log owner run=()
    case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) return 1 ;; esac
    bindir="$(command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" || true)"
    [ -n "$bindir" ] || bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$bindir" ] && [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ] || return 1
    data="$HOUSING_STATE_DIR/postgresql"
    log="$HOUSING_STATE_DIR/postgresql.log"
    mkdir -p "$HOUSING_STATE_DIR"
    owner="$(id -un)"
    if [ "$(id -u)" = 0 ]; then
        # PostgreSQL never runs as root: the cluster belongs to the system's postgres user
        id postgres >/dev/null 2>&1 || return 1
        owner=postgres
        run=(runuser -u postgres --)
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        say "no PostgreSQL answers on $PGHOST:$PGPORT: creating a private cluster in $data (loopback only)"
        mkdir -p "$data" && chown "$owner" "$data" && chmod 700 "$data"
        "${run[@]}" "$bindir/initdb" -D "$data" -U "$owner" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
            || return 1
    fi
    touch "$log" && chown "$owner" "$log"
    say "starting the private PostgreSQL cluster $data on $PGHOST:$PGPORT (log: $log; stop it with: ${run[*]} $bindir/pg_ctl -D $data stop)"
    "${run[@]}" "$bindir/pg_ctl" -D "$data" -l "$log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$PGPORT -c unix_socket_directories=''" start >/dev/null || return 1
    if [ "$owner" != "$PGUSER" ]; then
        # Odoo's role: may create databases, as Odoo needs
        PGUSER="$owner" "$PYTHON" - "$PGUSER" <<'PY' || return 1
import sys
import psycopg2
from psycopg2 import sql

conn = psycopg2.connect(dbname="postgres")
conn.autocommit = True
cur = conn.cursor()
cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (sys.argv[1],))
if not cur.fetchone():
    cur.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEDB SUPERUSER").format(sql.Identifier(sys.argv[1])))
PY
    fi
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

# db_query <database> <sql> [args...]: the first column of the first row, or nothing (no row, no database).
db_query() {
    "$PYTHON" - "$@" <<'PY' 2>/dev/null
import sys
import psycopg2

database, query, *args = sys.argv[1:]
try:
    conn = psycopg2.connect(dbname=database)
except psycopg2.OperationalError:
    sys.exit(0)
cur = conn.cursor()
try:
    cur.execute(query, args)
except psycopg2.Error:
    sys.exit(0)
row = cur.fetchone()
if row:
    print(row[0])
PY
}

database_exists() {
    [ -n "$(db_query postgres "SELECT 1 FROM pg_database WHERE datname = %s" "$1")" ]
}

# mark_database <database> <by>: remember which command created the database (bin/test drops only its own).
mark_database() {
    "$PYTHON" - "$1" "$2" <<'PY'
import sys
import psycopg2

conn = psycopg2.connect(dbname=sys.argv[1])
cur = conn.cursor()
cur.execute(
    "INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES (%s, %s, now(), now()) "
    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    ("solidarity_housing.created_by", sys.argv[2]),
)
conn.commit()
PY
}

database_created_by() {
    db_query "$1" "SELECT value FROM ir_config_parameter WHERE key = 'solidarity_housing.created_by'"
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

# create_database <database> <config> <language> [nodemo]: a French association's database with the addon and
# the addon's own demo data. Odoo's demo data would give the main company a generic chart of accounts
# in dollars, so Odoo's modules are installed without it (French chart, euros) and only the addon's
# demo data is loaded afterwards, the way Odoo's "force demo" does it, for this addon alone, in the
# database's language (Odoo loads data files without one): its names, messages and documents read in it.
create_database() {
    local database="$1" config="$2" language="$3" demo="${4:-demo}"
    "$PYTHON" -m odoo db -c "$config" init "$database" --language "$language" --country FR
    "$PYTHON" -m odoo -c "$config" -d "$database" -i "l10n_fr_account,$ADDON_NAME" --load-language=fr_FR \
        --stop-after-init --log-level=warn
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
