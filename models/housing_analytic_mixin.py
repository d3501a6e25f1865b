from odoo import api, models


class HousingAnalyticMixin(models.AbstractModel):
    """Programmes and units each get an analytic account of their own plan, when the company wants it.

    Rent, charges and landlord bills then carry both accounts (programme and unit) on every line.
    """

    _name = "housing.analytic.mixin"
    _description = "Analytic account of its own"

    #: xml id of the analytic plan of the records' accounts
    _housing_analytic_plan = None

    def _housing_analytic_values(self):
        """Name and code of this record's analytic account."""
        self.ensure_one()
        return {"name": self.display_name}

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.filtered(lambda record: record.company_id.housing_analytic_auto)._housing_create_analytic_account()
        return records

    def _housing_create_analytic_account(self):
        """An analytic account for each record of ``self`` that has none."""
        plan = self.env.ref(self._housing_analytic_plan, raise_if_not_found=False)
        records = self.filtered(lambda record: not record.analytic_account_id)
        if not plan or not records:
            return
        accounts = (
            self.env["account.analytic.account"]
            .sudo()
            .create(
                [
                    dict(record._housing_analytic_values(), plan_id=plan.id, company_id=record.company_id.id)
                    for record in records
                ]
            )
        )
        for record, account in zip(records, accounts, strict=True):
            record.analytic_account_id = account
