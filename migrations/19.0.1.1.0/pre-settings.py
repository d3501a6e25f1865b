"""The billing settings left the housing settings view for a view of their own, loaded after it. The views that add
their settings to the billing block (collections', documents') would not find it while the housing settings view is
updated, and the update would stop: they are switched off here, and on again by ``post-settings.py`` (their own
files are loaded in between, after the billing view)."""

PARAMETER = "solidarity_housing.migration_views_off"


def switch_off_billing_block_views(cr):
    """Switch off the addon's active views that add to the billing settings block; returns their ids."""
    cr.execute(
        """
        UPDATE ir_ui_view view
           SET active = FALSE
          FROM ir_model_data data, ir_model_data parent
         WHERE data.module = 'solidarity_housing' AND data.model = 'ir.ui.view' AND data.res_id = view.id
           AND parent.module = 'solidarity_housing' AND parent.name = 'res_config_settings_view_form'
           AND view.inherit_id = parent.res_id
           AND data.name != 'res_config_settings_view_form_billing'
           AND view.active
           AND view.arch_db::text LIKE %s
     RETURNING view.id
        """,
        ["%housing_billing_settings%"],
    )
    return sorted(row[0] for row in cr.fetchall())


def migrate(cr, version):
    ids = switch_off_billing_block_views(cr)
    if ids:
        cr.execute(
            """
            INSERT INTO ir_config_parameter (key, value, create_date, write_date)
            VALUES (%s, %s, now(), now())
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
            """,
            [PARAMETER, ",".join(map(str, ids))],
        )
