from odoo import api, fields, models
from odoo.tools import SQL


class MailActivity(models.Model):
    _inherit = "mail.activity"

    housing_alert_key = fields.Char(
        string="Alert key",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Cause of an alert of the addon (and its detail): one open activity per cause and record.",
    )
    housing_alert_cause = fields.Selection(
        selection="_selection_housing_alert_cause",
        string="Alert",
        compute="_compute_housing_alert_cause",
        store=True,
        index="btree_not_null",
        help="The kind of alert: what the activity asks to look at.",
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

    @api.model
    def _selection_housing_alert_cause(self):
        """Every cause declared by a model of the alert mechanism, labelled by its activity type."""
        causes = {}
        for model in self.env.registry.values():
            for cause, xmlid in getattr(model, "_housing_alert_types", {}).items():
                if cause not in causes:
                    activity_type = self.env.ref(xmlid, raise_if_not_found=False)
                    causes[cause] = activity_type.sudo().name if activity_type else cause
        return sorted(causes.items())

    @api.depends("housing_alert_key")
    def _compute_housing_alert_cause(self):
        for activity in self:
            key = activity.housing_alert_key
            activity.housing_alert_cause = key.split(":", 1)[0] if key else False

    @api.model
    def _housing_alert_close_duplicates(self, ids):
        """Mark done, with a note, the alert activities ``ids`` archived as duplicates of an open alert of the same
        record and key (the migration to the unique index); each note is in its assignee's language."""
        activities = self.with_context(active_test=False).browse(ids).exists()
        for lang, group in activities.grouped(lambda activity: activity.user_id.lang or "en_US").items():
            in_lang = group.with_context(lang=lang, mail_activity_quick_update=True)
            in_lang._action_done(feedback=in_lang.env._("Closed automatically: the same alert is open on this record."))
        return activities
