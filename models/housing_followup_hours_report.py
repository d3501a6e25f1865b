from odoo import fields, models, tools
from odoo.tools import SQL

from .housing_followup_meeting import MEETING_TYPES


class HousingFollowupHoursReport(models.Model):
    """Support hours by domain: a held meeting's hours are shared evenly between its domains."""

    _name = "housing.followup.hours.report"
    _description = "Support hours by domain"
    _auto = False
    _order = "date desc"
    _depends = {
        "housing.followup.meeting": [
            "followup_id",
            "partner_id",
            "programme_id",
            "company_id",
            "user_id",
            "date",
            "meeting_type",
            "duration",
            "domain_ids",
            "state",
        ],
    }

    meeting_id = fields.Many2one("housing.followup.meeting", readonly=True)
    followup_id = fields.Many2one("housing.followup", string="Support file", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Household", readonly=True)
    programme_id = fields.Many2one("housing.programme", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Met by", readonly=True)
    domain_id = fields.Many2one("housing.followup.domain", readonly=True)
    date = fields.Date(readonly=True)
    meeting_type = fields.Selection(MEETING_TYPES, string="Type", readonly=True)
    hours = fields.Float(string="Support hours", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT row_number() OVER (ORDER BY m.id, rel.domain_id) AS id,
                           m.id AS meeting_id,
                           m.followup_id,
                           m.partner_id,
                           m.programme_id,
                           m.company_id,
                           m.user_id,
                           rel.domain_id AS domain_id,
                           (m.date AT TIME ZONE 'UTC')::date AS date,
                           m.meeting_type,
                           m.duration / GREATEST(
                               (SELECT count(*) FROM %(rel)s r WHERE r.meeting_id = m.id), 1
                           ) AS hours
                      FROM housing_followup_meeting m
                 LEFT JOIN %(rel)s rel ON rel.meeting_id = m.id
                     WHERE m.state = 'done'
                )
                """,
                view=SQL.identifier(self._table),
                rel=SQL.identifier("housing_followup_meeting_domain_rel"),
            )
        )
