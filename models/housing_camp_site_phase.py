from odoo import api, fields, models
from odoo.exceptions import ValidationError

# "Scheduled", not "Planned": a phase is feminine in French, the moves' and stays' "Planned" masculine
PHASE_LINE_STATES = [("todo", "To plan"), ("planned", "Scheduled"), ("late", "Late"), ("done", "Done")]


class HousingCampSitePhase(models.Model):
    """One resorption phase of a site, planned and done on dates of its own."""

    _name = "housing.camp.site.phase"
    _description = "Resorption phase of a site"
    _order = "site_id, sequence, id"
    _check_company_auto = True

    site_id = fields.Many2one("housing.camp.site", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="site_id.company_id", store=True, index=True, precompute=True)
    phase_id = fields.Many2one("housing.camp.phase", required=True, ondelete="restrict")
    sequence = fields.Integer(related="phase_id.sequence", store=True)
    date_planned = fields.Date(string="Planned for")
    date_done = fields.Date(string="Done on")
    note = fields.Char(string="Notes")
    state = fields.Selection(PHASE_LINE_STATES, compute="_compute_state", string="Status")

    _phase_uniq = models.Constraint(
        "UNIQUE(site_id, phase_id)", "This phase is already planned for this site: change its dates instead."
    )

    @api.depends("date_planned", "date_done")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for line in self:
            if line.date_done:
                line.state = "done"
            elif not line.date_planned:
                line.state = "todo"
            else:
                line.state = "late" if line.date_planned < today else "planned"

    @api.constrains("date_done")
    def _check_date_done(self):
        today = fields.Date.context_today(self)
        for line in self:
            if line.date_done and line.date_done > today:
                raise ValidationError(
                    self.env._(
                        "The phase %(phase)s of %(site)s cannot be done on %(date)s, a day still to come: enter its "
                        "planned date instead.",
                        phase=line.phase_id.name,
                        site=line.site_id.name,
                        date=line.date_done,
                    )
                )
