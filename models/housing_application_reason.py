from odoo import fields, models
from odoo.exceptions import UserError

REASON_USAGES = [
    ("proposal", "Refused proposal"),
    ("application", "Closed referral"),
]


class HousingApplicationReason(models.Model):
    """Why a proposal was refused, or a referral withdrawn (by the household) or refused (by the association)."""

    _name = "housing.application.reason"
    _description = "Refusal or withdrawal reason"
    _order = "usage, party, sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Stable key of the reason, for reports and imports.")
    usage = fields.Selection(REASON_USAGES, string="For", required=True, default="proposal")
    party = fields.Selection(
        [("household", "The household"), ("association", "The association")],
        string="Decided by",
        required=True,
        default="household",
        help="A referral closed by the household is withdrawn; closed by the association, it is refused.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "Another reason already has this code: each needs its own.")

    def _check_usage(self, usage, party):
        """Refuse a reason that is not one of a ``usage`` decided by ``party`` (as the screens offer them)."""
        usages = dict(self._fields["usage"]._description_selection(self.env))
        parties = dict(self._fields["party"]._description_selection(self.env))
        for reason in self:
            if reason.usage != usage or reason.party != party:
                raise UserError(
                    self.env._(
                        "“%(reason)s” is not a reason for a %(usage)s decided by %(party)s: choose one of the list.",
                        reason=reason.name,
                        usage=usages[usage].lower(),
                        party=parties[party].lower(),
                    )
                )
