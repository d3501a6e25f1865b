from odoo import models

from ..tools import housing_math as hm


class HousingOccupancy(models.Model):
    """What billing reads of an agreement: its dues of a month, one per payer."""

    _inherit = "housing.occupancy"

    def _prepare_rent_lines(self, period_start):
        """Values of this agreement's dues for the month starting on ``period_start``: one per payer.

        Raises ValueError (with the reason) when the shares cannot split the amount.
        """
        self.ensure_one()
        dues = hm.period_dues(
            period_start,
            self.date_start,
            self.exit_date,  # a term reached without an exit goes on (tacit renewal)
            self.prorata_method,
            self._rent_timeline(),
            self.charges,
            [share._split_values() for share in self.share_ids],
        )
        if not dues:
            return []
        # one due per payer: an allowance changing amount mid-month is still one line
        grouped = {}
        for share, part in dues["parts"].items():
            key = (share.payer_kind, share.partner_id)
            entry = grouped.setdefault(key, {"share": share, "amount": 0, "rent": 0, "charges": 0})
            for field in ("amount", "rent", "charges"):
                entry[field] += part[field]
        base = {
            "occupancy_id": self.id,
            "direction": "receivable",
            "company_id": self.company_id.id,
            "programme_id": self.programme_id.id,
            "unit_id": self.unit_id.id,
            "occupant_id": self.partner_id.id,
            "period_start": period_start,
            "period_end": hm.month_end(period_start),
            "days": dues["days"],
            "basis": dues["basis"],
        }
        return [
            dict(
                base,
                share_id=entry["share"].id,
                payer_kind=kind,
                partner_id=partner.id,
                amount=float(entry["amount"]),
                rent_amount=float(entry["rent"]),
                charges_amount=float(entry["charges"]),
                state="not_billed" if kind == "association" else "to_bill",
            )
            for (kind, partner), entry in grouped.items()
            if entry["amount"] or kind != "association"
        ]
