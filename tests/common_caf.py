from datetime import date
from pathlib import Path

from odoo.tests import TransactionCase

from .common_collections import CollectionsSetup

MARCH, APRIL, MAY = date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1)
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "caf_statement_sample.csv"
HEADER = ("N° allocataire", "Nom", "Mois", "Nature", "Montant")


class CafSetup(CollectionsSetup):
    """Billing's test association, its CAF's statement layout, and households whose allowance the CAF pays.

    ``_caf_households(n)`` places ``n`` households in rooms of their own since 1 January 2025: each pays 200.00 of
    390.00 + 60.00 a month, the CAF ``180.00 + i`` (from February), the association the rest (not billed). Their
    social profiles hold CAF numbers ``10000<i>``.
    """

    @classmethod
    def _setup_housing(cls):
        result = super()._setup_housing()
        cls.mapping = cls.env["housing.caf.statement.mapping"].create(
            {"name": "Export CAF Test", "caf_partner_id": cls.caf.id, "company_id": cls.company.id}
        )
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )
        return result

    @classmethod
    def _caf_households(cls, count, rooms_per_unit=10):
        households = []
        for first in range(0, count, rooms_per_unit):
            size = min(rooms_per_unit, count - first)
            unit = cls._new_unit(f"Résidence {first // rooms_per_unit + 1}", rooms=[1] * size)
            cls._new_lease(unit=unit, start="2025-01-01", rent=4000.0, charges=500.0)
            for offset, room in enumerate(unit.room_ids):
                index = first + offset
                partner = cls.env["res.partner"].create({"name": f"Occupant{index:02d} Test"})
                cls.env["housing.social.profile"].create(
                    {"partner_id": partner.id, "company_id": cls.company.id, "caf_number": f"{1000000 + index}"}
                )
                agreement = cls._caf_occupancy(
                    room=room, partner=partner, start="2025-01-01", caf=180.0 + index, occupant=200.0
                )
                households.append(agreement)
        return households

    @classmethod
    def _sample_households(cls):
        """The four households of the sample statement (``data/caf_statement_sample.csv``), since 1 January 2025:
        Mohamed Benali (CAF number 2345671, allowance 210.00, room 1), Fatima Haddad (2345672, 180.50, room 2),
        Ahmed Ouaziz (no CAF number, 195.00) and Aminata Diallo (2345674, 150.00), both in the double room; returns
        their agreements in that order."""
        people = [
            (cls.occupant, "2345671", 210.0, cls.room_1),
            (cls.env["res.partner"].create({"name": "Fatima Haddad"}), "2345672", 180.5, cls.room_2),
            (cls.env["res.partner"].create({"name": "Ahmed Ouaziz"}), False, 195.0, cls.room_double),
            (cls.env["res.partner"].create({"name": "Aminata Diallo"}), "2345674", 150.0, cls.room_double),
        ]
        agreements = []
        for partner, number, allowance, room in people:
            if number:
                cls.env["housing.social.profile"].create(
                    {"partner_id": partner.id, "company_id": cls.company.id, "caf_number": number}
                )
            agreements.append(cls._caf_occupancy(room=room, partner=partner, start="2025-01-01", caf=allowance))
        return agreements

    @classmethod
    def _bill_months(cls, *months):
        for month in months:
            (
                cls.env["housing.billing.run"]
                .with_user(cls.user_accountant)
                .with_company(cls.company)
                .create({"period_start": month})
                .action_start()
            )

    @staticmethod
    def _csv(rows, header=HEADER, delimiter=";"):
        lines = [delimiter.join(header)] + [delimiter.join(str(cell) for cell in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()

    def _import(self, content, transfer, month=None, user=None, file_name="releve_caf.csv", mapping=None):
        return (
            self.env["housing.caf.statement"]
            .with_user(user or self.user_accountant)
            .with_company(self.company)
            ._import_file(
                mapping or self.mapping,
                content,
                file_name,
                transfer,
                date(2025, 4, 25),
                self.bank,
                period_start=month,
            )
        )

    def _allowance_due(self, agreement, month):
        return self.env["housing.rent.line"].search(
            [
                ("occupancy_id", "=", agreement.id),
                ("payer_kind", "=", "housing_allowance"),
                ("period_start", "=", month),
            ]
        )

    def _own_due(self, agreement, month):
        return self.env["housing.rent.line"].search(
            [("occupancy_id", "=", agreement.id), ("payer_kind", "=", "occupant"), ("period_start", "=", month)]
        )


class CafCase(CafSetup, TransactionCase):
    pass
