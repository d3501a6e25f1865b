from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .housing_occupancy_share import PAYER_KINDS


class HousingProgrammePayer(models.Model):
    """Who pays what by default in a programme's agreements: copied into the agreement prepared when a household
    accepts a place (the back office adjusts it before activating)."""

    _name = "housing.programme.payer"
    _description = "Default payer of a programme"
    _order = "programme_id, is_remainder, sequence, id"
    _check_company_auto = True

    programme_id = fields.Many2one("housing.programme", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="programme_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="programme_id.currency_id")
    sequence = fields.Integer(default=10)
    payer_kind = fields.Selection(PAYER_KINDS, string="Payer", required=True, default="occupant")
    partner_id = fields.Many2one(
        "res.partner",
        string="Billed to",
        check_company=True,
        help="The CAF or the funder to bill; the occupant and the association are those of the agreement.",
    )
    amount_type = fields.Selection(
        [("fixed", "Fixed amount"), ("percent", "Percentage")], string="As", required=True, default="fixed"
    )
    amount = fields.Monetary(string="Monthly amount")
    percent = fields.Float(digits=(5, 2))
    is_remainder = fields.Boolean(string="Pays the rest")

    @api.constrains("programme_id", "is_remainder", "amount", "percent", "payer_kind", "partner_id")
    def _check_payers(self):
        for programme in self.programme_id:
            payers = programme.payer_ids
            if payers and len(payers.filtered("is_remainder")) != 1:
                raise ValidationError(
                    self.env._(
                        "The default payers of %(programme)s need exactly one payer of the rest: tick 'Pays the "
                        "rest' on one line, usually the occupant or the association.",
                        programme=programme.name,
                    )
                )
            for payer in payers:
                if payer.amount < 0 or not 0 <= payer.percent <= 100:
                    raise ValidationError(
                        self.env._(
                            "A default payer of %(programme)s pays a positive amount or a percentage between 0 and "
                            "100.",
                            programme=programme.name,
                        )
                    )
                kind = dict(self._fields["payer_kind"]._description_selection(self.env))[payer.payer_kind]
                if payer.payer_kind in ("housing_allowance", "funder") and not payer.partner_id:
                    raise ValidationError(
                        self.env._(
                            "Say who pays the %(kind)s share by default in %(programme)s (the CAF or the funder to "
                            "bill).",
                            kind=kind,
                            programme=programme.name,
                        )
                    )
                # as an agreement's payer: the CAF's or a funder's share is billed to an organisation
                if payer.payer_kind in ("housing_allowance", "funder") and not payer.partner_id.is_company:
                    raise ValidationError(
                        self.env._(
                            "%(partner)s is a person: the %(kind)s share of %(programme)s is billed by default to an "
                            "organisation (the CAF or the funder): choose the contact of the organisation.",
                            partner=payer.partner_id.name,
                            kind=kind,
                            programme=programme.name,
                        )
                    )

    def _share_values(self):
        """This default payer as an agreement's share (``housing.occupancy.share`` values)."""
        self.ensure_one()
        values = {
            "sequence": self.sequence,
            "payer_kind": self.payer_kind,
            "amount_type": self.amount_type,
            "amount": self.amount,
            "percent": self.percent,
            "is_remainder": self.is_remainder,
        }
        if self.payer_kind in ("housing_allowance", "funder"):
            values["partner_id"] = self.partner_id.id
        return values
