from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HousingRentRevision(models.Model):
    _name = "housing.rent.revision"
    _description = "Rent revision (IRL)"
    _order = "date desc, id desc"
    _check_company_auto = True

    lease_id = fields.Many2one("housing.lease", index="btree_not_null", ondelete="cascade", check_company=True)
    occupancy_id = fields.Many2one("housing.occupancy", index="btree_not_null", ondelete="cascade", check_company=True)
    company_id = fields.Many2one("res.company", compute="_compute_company_id", store=True, precompute=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    anniversary_date = fields.Date(string="Anniversary", required=True)
    date = fields.Date(
        string="Effective from", required=True, help="Never before the request: no retroactive revision."
    )
    old_rent = fields.Monetary(string="Previous rent", required=True)
    new_rent = fields.Monetary(string="New rent", required=True)
    irl_new_id = fields.Many2one("housing.irl", string="New index", required=True, ondelete="restrict")
    irl_old_id = fields.Many2one("housing.irl", string="Index a year earlier", required=True, ondelete="restrict")
    irl_new_value = fields.Float(string="New index value", digits=(8, 2), required=True)
    irl_old_value = fields.Float(string="Previous index value", digits=(8, 2), required=True)
    user_id = fields.Many2one("res.users", string="Revised by", default=lambda self: self.env.user)

    _lease_anniversary_uniq = models.Constraint(
        "UNIQUE(lease_id, anniversary_date)", "This lease was already revised for this anniversary."
    )
    _occupancy_anniversary_uniq = models.Constraint(
        "UNIQUE(occupancy_id, anniversary_date)", "This agreement was already revised for this anniversary."
    )
    _one_target = models.Constraint(
        "CHECK((lease_id IS NULL) != (occupancy_id IS NULL))",
        "A revision concerns either a lease or an agreement.",
    )

    @api.depends("lease_id.company_id", "occupancy_id.company_id")
    def _compute_company_id(self):
        for revision in self:
            revision.company_id = (revision.lease_id or revision.occupancy_id).company_id

    @api.constrains("irl_new_id", "irl_old_id", "irl_new_value", "irl_old_value", "old_rent", "new_rent", "date")
    def _check_revision(self):
        """A revision compares the index of a quarter with the same quarter a year earlier, within its contract."""
        for revision in self:
            target = revision.lease_id or revision.occupancy_id
            new, old = revision.irl_new_id, revision.irl_old_id
            if new.quarter != old.quarter or new.year != old.year + 1:
                raise ValidationError(
                    self.env._(
                        "The revision of %(contract)s compares the IRL of %(new)s with %(old)s: it compares an index "
                        "with the same quarter one year earlier.",
                        contract=target.display_name,
                        new=new.display_name,
                        old=old.display_name,
                    )
                )
            if min(revision.irl_new_value, revision.irl_old_value) <= 0:
                raise ValidationError(
                    self.env._(
                        "The IRL values of a revision of %(contract)s must be positive (%(new)s and %(old)s entered): "
                        "copy them from the INSEE table.",
                        contract=target.display_name,
                        new=revision.irl_new_value,
                        old=revision.irl_old_value,
                    )
                )
            if min(revision.old_rent, revision.new_rent) < 0:
                raise ValidationError(
                    self.env._(
                        "The rents of a revision of %(contract)s cannot be negative.", contract=target.display_name
                    )
                )
            if revision.date < target.date_start:
                raise ValidationError(
                    self.env._(
                        "The revision of %(contract)s applies from %(date)s, before the contract starts (%(start)s).",
                        contract=target.display_name,
                        date=revision.date,
                        start=target.date_start,
                    )
                )

    @api.depends("lease_id", "occupancy_id", "date")
    def _compute_display_name(self):
        for revision in self:
            target = revision.lease_id or revision.occupancy_id
            revision.display_name = f"{target.name} — {revision.date}"
