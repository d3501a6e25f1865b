from datetime import date

from odoo.tests import TransactionCase

from .common import HousingSetup


class BillingSetup(HousingSetup):
    """The test association with the French chart of accounts, an accountant, and agreements to bill."""

    @classmethod
    def _setup_housing(cls):
        result = super()._setup_housing()
        cls.env["account.chart.template"].try_loading("fr", cls.company, install_demo=False)
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        cls.lease = cls._new_lease(start="2025-01-01", rent=1200.0, charges=150.0)
        return result

    def _run(self, month, user=None, **values):
        """Bill ``month`` as the accountant (or ``user``); returns the run."""
        run = (
            self.env["housing.billing.run"]
            .with_user(user or self.user_accountant)
            .with_company(self.company)
            .create({"period_start": month, **values})
        )
        run.action_start()
        return run.sudo()

    def _dues(self, month, **domain):
        return self.env["housing.rent.line"].search(
            [("company_id", "=", self.company.id), ("period_start", "=", month)]
            + [(key, "=", value) for key, value in domain.items()]
        )

    @classmethod
    def _caf_occupancy(cls, room=None, partner=None, start="2025-03-12", caf=210.0, occupant=200.0, **values):
        """390 + 60 a month: the occupant pays ``occupant``, the CAF ``caf`` from the month after entry,
        the association the rest (not billed)."""
        return cls._new_occupancy(
            room=room,
            partner=partner,
            start=start,
            shares=[
                {"payer_kind": "occupant", "amount": occupant},
                {"payer_kind": "housing_allowance", "partner_id": cls.caf.id, "amount": caf},
                {"payer_kind": "association", "is_remainder": True},
            ],
            **{"rent": 390.0, "charges": 60.0, **values},
        )


class BillingCase(BillingSetup, TransactionCase):
    MARCH, APRIL, MAY, JUNE = date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)
