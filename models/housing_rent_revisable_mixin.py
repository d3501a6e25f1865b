from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.housing_math import add_months, irl_publication_date, irl_reference_year, irl_revised_rent

QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]


class HousingRentRevisableMixin(models.AbstractModel):
    """A rent revised each year with the IRL: head leases and occupancy agreements."""

    _name = "housing.rent.revisable.mixin"
    _description = "Rent revisable with the IRL"

    #: field of housing.rent.revision pointing to the revised record
    _revision_link = None

    revision_clause = fields.Boolean(
        string="Revision clause",
        help="The rent may be revised each year with the IRL only when the contract says so.",
    )
    revision_quarter = fields.Selection(
        QUARTERS, string="Reference quarter", default="2", help="IRL quarter named in the contract."
    )
    revision_date = fields.Date(
        string="Next revision",
        compute="_compute_revision_date",
        store=True,
        readonly=False,
        copy=False,
        help="Next anniversary of the contract, from which a revised rent applies.",
    )

    @api.depends("date_start", "revision_clause")
    def _compute_revision_date(self):
        for record in self:
            if record.revision_clause and record.date_start and not record.revision_date:
                record.revision_date = add_months(record.date_start, 12)

    def _rent_at(self, day):
        """Monthly rent (charges excluded) in force on ``day``, from the revision history."""
        self.ensure_one()
        revisions = self.revision_ids.sorted("date")
        past = revisions.filtered(lambda revision: revision.date <= day)
        if past:
            return past[-1].new_rent
        if revisions:
            return revisions[0].old_rent
        return self.rent

    def _prepare_revision(self, run_date):
        """Values of the revision asked on ``run_date``; UserError saying why when it cannot be done."""
        self.ensure_one()
        if not self.revision_clause:
            raise UserError(
                self.env._("%(name)s has no revision clause: its rent cannot be revised.", name=self.display_name)
            )
        anniversary = self.revision_date
        if not anniversary:
            raise UserError(self.env._("Set the next revision date of %(name)s.", name=self.display_name))
        if run_date > add_months(anniversary, 12):
            raise UserError(
                self.env._(
                    "The revision of %(name)s due on %(anniversary)s was not asked within a year: it is lost "
                    "(a revision is never retroactive). Set its next revision date to the coming anniversary.",
                    name=self.display_name,
                    anniversary=anniversary,
                )
            )
        quarter = int(self.revision_quarter)
        # the latest index of the reference quarter published at the anniversary, and the same quarter a year before
        year = irl_reference_year(quarter, anniversary)
        irl = self.env["housing.irl"]
        new_index, old_index = irl._get(year, quarter), irl._get(year - 1, quarter)
        for index, index_year in ((new_index, year), (old_index, year - 1)):
            if not index:
                raise UserError(
                    self.env._(
                        "The IRL of Q%(quarter)s %(year)s (published by INSEE around %(published)s) is needed to "
                        "revise %(name)s: add it in Configuration > IRL index.",
                        quarter=quarter,
                        year=index_year,
                        published=irl_publication_date(quarter, index_year),
                        name=self.display_name,
                    )
                )
        if self.revision_ids.filtered(lambda revision: revision.irl_new_id == new_index):
            raise UserError(
                self.env._(
                    "%(name)s was already revised with the IRL of Q%(quarter)s %(year)s: its next revision "
                    "comes with the IRL of Q%(quarter)s %(next)s.",
                    name=self.display_name,
                    quarter=quarter,
                    year=year,
                    next=year + 1,
                )
            )
        effective = max(anniversary, run_date)
        old_rent = self._rent_at(effective - timedelta(days=1))
        return {
            self._revision_link: self.id,
            "anniversary_date": anniversary,
            "date": effective,
            "old_rent": old_rent,
            "new_rent": float(irl_revised_rent(old_rent, new_index.value, old_index.value)),
            "irl_new_id": new_index.id,
            "irl_old_id": old_index.id,
            "irl_new_value": new_index.value,
            "irl_old_value": old_index.value,
        }

    def _apply_revisions(self, vals_list):
        """Record the revisions, set the new rents and move each anniversary a year on."""
        revisions = self.env["housing.rent.revision"].create(vals_list)
        for revision in revisions:
            record = revision[self._revision_link]
            record.write({"rent": revision.new_rent, "revision_date": add_months(revision.anniversary_date, 12)})
            record.message_post(
                body=self.env._(
                    "Rent revised from %(old)s to %(new)s from %(date)s (IRL %(new_index)s: %(new_value)s / "
                    "%(old_index)s: %(old_value)s).",
                    old=revision.old_rent,
                    new=revision.new_rent,
                    date=revision.date,
                    new_index=revision.irl_new_id.display_name,
                    new_value=revision.irl_new_value,
                    old_index=revision.irl_old_id.display_name,
                    old_value=revision.irl_old_value,
                )
            )
        return revisions

    @api.model
    def _revisions_due_domain(self, run_date):
        return [("revision_clause", "=", True), ("revision_date", "<=", run_date)]

    def action_revise_rent(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revise rents (IRL)"),
            "res_model": "housing.rent.revision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_ids": self.ids},
        }
