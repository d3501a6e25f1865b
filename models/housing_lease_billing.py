from odoo import models

from ..tools.housing_math import PRORATA_ACTUAL, month_end, period_dues


class HousingLease(models.Model):
    """What billing reads of a head lease: what the association owes the landlord for a month."""

    _inherit = "housing.lease"

    def _prepare_rent_lines(self, period_start):
        """What the association owes the landlord for the month (prorated on the first and last month)."""
        self.ensure_one()
        if self.lease_type == "management_mandate":
            return []  # the occupant is the owner's tenant: the association pays no rent
        revisions = self.revision_ids.sorted("date")
        start_rent = revisions[:1].old_rent if revisions else self.rent
        dues = period_dues(
            period_start,
            self.date_start,
            self.date_end,
            PRORATA_ACTUAL,
            [(self.date_start, start_rent)] + [(revision.date, revision.new_rent) for revision in revisions],
            self.charges,
            [{"key": "landlord", "is_remainder": True}],
        )
        if not dues or not dues["total"]:
            return []
        return [
            {
                "lease_id": self.id,
                "direction": "payable",
                "payer_kind": "landlord",
                "partner_id": self.landlord_id.id,
                "company_id": self.company_id.id,
                "programme_id": self.programme_id.id,
                "unit_id": self.unit_id.id,
                "period_start": period_start,
                "period_end": month_end(period_start),
                "days": dues["days"],
                "basis": dues["basis"],
                "amount": float(dues["total"]),
                "rent_amount": float(dues["rent"]),
                "charges_amount": float(dues["charges"]),
            }
        ]
