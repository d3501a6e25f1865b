from odoo import fields, models
from odoo.tools import SQL


class MailActivity(models.Model):
    _inherit = "mail.activity"

    housing_alert_key = fields.Char(
        string="Follow-up alert",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Cause of an alert of the social follow-up: one open activity per cause and support file.",
    )

    def init(self):
        result = super().init()
        # one open alert per cause and record, whatever runs at the same time
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS mail_activity_housing_alert_uniq "
                "ON mail_activity (res_model, res_id, housing_alert_key) "
                "WHERE housing_alert_key IS NOT NULL AND active"
            )
        )
        return result
