import hashlib
from datetime import timedelta

from odoo import api, fields, models


class HousingHostOfferSubmission(models.Model):
    """An offer sent through the public form, kept a day to limit the offers per address and hour.

    The address is kept hashed with the database secret: the association never stores a visitor's IP address.
    """

    _name = "housing.host.offer.submission"
    _description = "Public form submission"
    _order = "create_date desc, id desc"
    _log_access = True

    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    address_hash = fields.Char(required=True, index=True)
    offer_id = fields.Many2one("housing.host.offer", ondelete="set null")

    @api.model
    def _hash(self, address):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return hashlib.sha256(f"{secret}:{address}".encode()).hexdigest()

    @api.model
    def _over_limit(self, company, address):
        """The address sent the company's limit of offers within the last hour already."""
        self._purge()
        since = fields.Datetime.now() - timedelta(hours=1)
        count = self.search_count(
            [("company_id", "=", company.id), ("address_hash", "=", self._hash(address)), ("create_date", ">=", since)]
        )
        return count >= company.housing_host_form_rate_limit

    @api.model
    def _record(self, company, address, offer):
        return self.create({"company_id": company.id, "address_hash": self._hash(address), "offer_id": offer.id})

    @api.model
    def _purge(self):
        self.search([("create_date", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
