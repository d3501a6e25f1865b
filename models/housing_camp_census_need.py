from odoo import fields, models


class HousingCampCensusNeed(models.Model):
    """A need the census found in one support domain: it becomes a goal of the household's support file."""

    _name = "housing.camp.census.need"
    _description = "Need found by the census"
    _housing_gdpr_delete_own = True
    _order = "census_id, sequence, id"
    _check_company_auto = True

    census_id = fields.Many2one("housing.camp.census", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="census_id.company_id", store=True, index=True, precompute=True)
    domain_id = fields.Many2one("housing.followup.domain", required=True, ondelete="restrict")
    sequence = fields.Integer(related="domain_id.sequence", store=True)
    name = fields.Char(string="Need", required=True, help="Becomes a goal of the support file, in this domain.")
