"""The views ``pre-settings.py`` switched off are on again: the billing settings block they add to exists again."""

PARAMETER = "solidarity_housing.migration_views_off"


def migrate(cr, version):
    cr.execute("DELETE FROM ir_config_parameter WHERE key = %s RETURNING value", [PARAMETER])
    row = cr.fetchone()
    ids = [int(value) for value in (row[0] if row else "").split(",") if value.strip().isdigit()]
    if ids:
        cr.execute("UPDATE ir_ui_view SET active = TRUE WHERE id = ANY(%s)", [ids])
