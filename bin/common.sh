# Shared by bin/run and bin/test: find Odoo, PostgreSQL and the addon's Python dependencies.
# shellcheck shell=bash
#
# Settings (environment variables, all optional):
#   PYTHON             Python interpreter that can import Odoo 19.0        (default: python3)
#   ODOO_ADDONS_PATH   extra addons folders, comma-separated, e.g. enterprise or OCA repos
#   PGHOST PGPORT      PostgreSQL server                                    (default: 127.0.0.1 5432)
#   PGUSER PGPASSWORD  PostgreSQL role Odoo connects as; never "postgres"   (default: current user)
#   HOUSING_NO_PIP=1   never install Python packages, only report what is missing

ADDON_NAME=solidarity_housing
ADDON_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-$(id -un)}"

say() { printf '\033[1m[%s]\033[0m %s\n' "$ADDON_NAME" "$*" >&2; }
die() { printf '\033[1;31m[%s] MISSING:\033[0m %s\n' "$ADDON_NAME" "$*" >&2; exit 2; }

check_python_and_odoo() {
    command -v "$PYTHON" >/dev/null 2>&1 || die "no Python interpreter '$PYTHON'. Set PYTHON=/path/to/python3 (3.10 to 3.13)."
    local version
    version=$("$PYTHON" -c 'import odoo.release as r; print("%s.%s" % r.version_info[:2])' 2>/dev/null) \
        || die "'$PYTHON' cannot import Odoo. Install Odoo 19.0 for this interpreter (from its source: pip install -r requirements.txt; pip install --no-deps -e <odoo source>), or point PYTHON at the interpreter that has it."
    [ "$version" = "19.0" ] || die "'$PYTHON' imports Odoo $version; this addon needs Odoo 19.0 (set PYTHON to an interpreter with Odoo 19.0)."
    ODOO_COMMUNITY_ADDONS=$("$PYTHON" -c 'import os, odoo.release as r; print(os.path.join(os.path.dirname(os.path.dirname(r.__file__)), "addons"))')
    [ -d "$ODOO_COMMUNITY_ADDONS/account" ] || [ -n "${ODOO_ADDONS_PATH:-}" ] \
        || die "Odoo's community addons (account, mail, contacts...) were not found next to the odoo package ($ODOO_COMMUNITY_ADDONS). Set ODOO_ADDONS_PATH to the folder holding them."
}

check_postgres() {
    [ "$PGUSER" != "postgres" ] || die "Odoo refuses to connect as 'postgres'. Set PGUSER to another PostgreSQL role (with CREATEDB)."
    "$PYTHON" - <<PY || die "PostgreSQL does not accept connections as '$PGUSER' on $PGHOST:$PGPORT. Start it, or set PGHOST/PGPORT/PGUSER/PGPASSWORD (the role needs CREATEDB)."
import os, sys, psycopg2
try:
    psycopg2.connect(host="$PGHOST", port="$PGPORT", user="$PGUSER", password=os.environ.get("PGPASSWORD") or None, dbname="postgres").close()
except Exception as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
PY
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
}

database_exists() {
    "$PYTHON" - "$1" <<PY
import os, sys, psycopg2
conn = psycopg2.connect(host="$PGHOST", port="$PGPORT", user="$PGUSER", password=os.environ.get("PGPASSWORD") or None, dbname="postgres")
cur = conn.cursor()
cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (sys.argv[1],))
sys.exit(0 if cur.fetchone() else 1)
PY
}

drop_database() {
    "$PYTHON" - "$1" <<PY
import os, sys, psycopg2
conn = psycopg2.connect(host="$PGHOST", port="$PGPORT", user="$PGUSER", password=os.environ.get("PGPASSWORD") or None, dbname="postgres")
conn.autocommit = True
conn.cursor().execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % sys.argv[1].replace('"', ''))
PY
}

# check_addon_installed <database>: the addon is installed, with its demo data.
check_addon_installed() {
    "$PYTHON" - "$1" "$ADDON_NAME" <<PY || die "$ADDON_NAME or its demo data did not install in $1: read the log above."
import os, sys, psycopg2
conn = psycopg2.connect(host="$PGHOST", port="$PGPORT", user="$PGUSER", password=os.environ.get("PGPASSWORD") or None, dbname=sys.argv[1])
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
# demo data is loaded afterwards, the way Odoo's "force demo" does it, for this addon alone.
create_database() {
    local database="$1" config="$2" language="$3" demo="${4:-demo}"
    "$PYTHON" -m odoo db -c "$config" init "$database" --language "$language" --country FR
    "$PYTHON" -m odoo -c "$config" -d "$database" -i "l10n_fr_account,$ADDON_NAME" --load-language=fr_FR \
        --stop-after-init --log-level=warn
    [ "$demo" = "demo" ] || return 0
    "$PYTHON" -m odoo shell -c "$config" -d "$database" --no-http --log-level=warn <<PY
from odoo.modules.loading import load_demo
from odoo.modules.module_graph import ModuleGraph

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
