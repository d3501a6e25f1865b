"""The duplicate alerts archived by ``pre-alerts.py`` are marked done, with a note in their record's chatter."""

from odoo import SUPERUSER_ID, api

DUPLICATES_PARAMETER = "solidarity_housing.migration_duplicate_alerts"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    parameter = env["ir.config_parameter"].search([("key", "=", DUPLICATES_PARAMETER)])
    ids = [int(value) for value in (parameter.value or "").split(",") if value.strip().isdigit()]
    env["mail.activity"]._housing_alert_close_duplicates(ids)
    parameter.unlink()
