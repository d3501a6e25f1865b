from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HousingProgramme(models.Model):
    """What camp resorption adds to a programme: the length of the accompaniment on site and the resorption rule."""

    _inherit = "housing.programme"

    resorption_accompaniment_months = fields.Integer(
        string="Accompaniment on site (months)",
        default=4,
        help="Length of the support period opened from a household's census (Toulouse model: about 4 months).",
    )
    resorption_lasting_numerator = fields.Integer(
        string="Resorbed from (numerator)",
        default=2,
        help="A site is resorbed when at least this fraction of its censused persons have a lasting solution "
        "(DIHAL: two thirds).",
    )
    resorption_lasting_denominator = fields.Integer(string="Resorbed from (denominator)", default=3)
    resorption_rule_label = fields.Char(string="Resorption rule", compute="_compute_resorption_rule_label")
    camp_site_ids = fields.One2many("housing.camp.site", "programme_id", string="Camp sites")

    @api.depends("resorption_lasting_numerator", "resorption_lasting_denominator")
    def _compute_resorption_rule_label(self):
        for programme in self:
            programme.resorption_rule_label = self.env._(
                "%(numerator)s/%(denominator)s of the censused persons with a lasting solution",
                numerator=programme.resorption_lasting_numerator,
                denominator=programme.resorption_lasting_denominator,
            )

    @api.constrains("resorption_accompaniment_months", "resorption_lasting_numerator", "resorption_lasting_denominator")
    def _check_resorption_settings(self):
        for programme in self:
            if programme.resorption_accompaniment_months < 0:
                raise ValidationError(
                    self.env._(
                        "The accompaniment on site of %(name)s cannot last a negative number of months (%(months)s): "
                        "enter 0 to open support files without an end.",
                        name=programme.name,
                        months=programme.resorption_accompaniment_months,
                    )
                )
            numerator, denominator = programme.resorption_lasting_numerator, programme.resorption_lasting_denominator
            if denominator <= 0 or not 0 < numerator <= denominator:
                raise ValidationError(
                    self.env._(
                        "The resorption rule of %(name)s must be a fraction between 0 and 1, such as 2/3 "
                        "(%(numerator)s/%(denominator)s entered).",
                        name=programme.name,
                        numerator=numerator,
                        denominator=denominator,
                    )
                )

    def _resorption_persons_needed(self, persons):
        """Fewest persons with a lasting solution that meet the rule, out of ``persons``."""
        self.ensure_one()
        return -(-persons * self.resorption_lasting_numerator // self.resorption_lasting_denominator)
