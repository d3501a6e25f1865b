from odoo import fields, models

from .housing_absence import ABSENCE_REASONS


class HousingAbsenceDetail(models.Model):
    """Why a person is away, and the social worker's note: read like the household's support file.

    Kept apart from ``housing.absence`` (whose dates the back office records and reads) so that record
    rules protect it, as ``housing.social.profile`` does for the social situation; the absence shows it
    through its ``reason`` and ``note`` fields.
    """

    _name = "housing.absence.detail"
    _description = "Reason of an absence"
    _rec_name = "absence_id"
    _check_company_auto = True

    absence_id = fields.Many2one("housing.absence", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="absence_id.company_id", store=True, index=True, precompute=True)
    household_id = fields.Many2one(
        related="absence_id.household_id", store=True, index=True, precompute=True, string="Household"
    )
    reason = fields.Selection(ABSENCE_REASONS)
    note = fields.Text(help="Facts only: the person may read this note.")

    _absence_uniq = models.Constraint(
        "UNIQUE(absence_id)", "This absence already has its reason: change it instead of adding another."
    )
