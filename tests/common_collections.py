from unittest.mock import patch

from odoo.tests import TransactionCase

from .common_billing import BillingSetup


class CollectionsSetup(BillingSetup):
    """Billing's test association, with helpers to pay invoices the way an accountant does."""

    def _pay(self, moves, amount=None, date=None, user=None, **values):
        """Register one payment of ``moves`` with Odoo's payment wizard (as the accountant); returns it."""
        wizard_values = {"payment_date": date} if date else {}
        if amount is not None:
            wizard_values["amount"] = amount
        if len(moves) > 1:
            wizard_values["group_payment"] = True
        wizard = (
            self.env["account.payment.register"]
            .with_user(user or self.user_accountant)
            .with_company(self.company)
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create({**wizard_values, **values})
        )
        return wizard._create_payments()

    def _invoices(self, partner, *months):
        """The posted rent invoices of ``partner`` for ``months`` (all months when none given)."""
        dues = self.env["housing.rent.line"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.company.id), ("state", "=", "billed")]
            + ([("period_start", "in", list(months))] if months else [])
        )
        return dues.move_id.sorted("invoice_date")

    def _refresh(self, **kwargs):
        return self.env["housing.arrears"].sudo()._refresh(companies=self.company, **kwargs)

    def _arrears(self, partner):
        return (
            self.env["housing.arrears"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("company_id", "=", self.company.id)])
        )

    def _run_collections_job(self):
        """The daily collections job, as the scheduler runs it (progress commits are not committed)."""
        with patch.object(self.registry["ir.cron"], "_commit_progress", return_value=float("inf")):
            self.env["housing.arrears"].with_context(cron_id=True)._cron_collections()

    def _activities(self, record, key=None):
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [("res_model", "=", record._name), ("res_id", "in", record.ids)]
                + ([("housing_alert_key", "=", key)] if key else [])
            )
        )


class CollectionsCase(CollectionsSetup, TransactionCase):
    pass
