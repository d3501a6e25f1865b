import hashlib
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class HousingHostOfferSubmission(models.Model):
    """An internet address that sent offers through the public form, kept a day to limit its offers per hour.

    The address is kept hashed with the database secret: the association never stores a visitor's IP address.
    One record per company and address: its hour begins with its first offer and counts the offers recorded since.
    """

    _name = "housing.host.offer.submission"
    _description = "Public form submission"
    _order = "write_date desc, id desc"
    _log_access = True

    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    address_hash = fields.Char(required=True)
    window_start = fields.Datetime(string="Hour started at", required=True, default=fields.Datetime.now)
    offer_count = fields.Integer(string="Offers in the hour")

    _address_uniq = models.UniqueIndex(
        "(company_id, address_hash)", "An address is counted once per association: update its count instead."
    )

    @api.model
    def _hash(self, address):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return hashlib.sha256(f"{secret}:{address}".encode()).hexdigest()

    @api.model
    def _admit(self, company, address):
        """Count one more offer of ``address`` on ``company``'s form; ``False`` when its limit for the hour is
        reached already (nothing counted).

        Two offers of one address sent at the same time must not both pass. Each request works on a snapshot of
        the database taken when it began (Odoo's transactions are REPEATABLE READ): waiting for the other one
        (an advisory lock) is not enough, as the one that waited would still count from its old snapshot. So both
        write the address's record first: the second one to do so, once the first has committed, fails with a
        serialization error, and Odoo replays its request on a fresh snapshot, which counts the first offer.
        """
        self._purge()
        now = fields.Datetime.now()
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO housing_host_offer_submission
                       (company_id, address_hash, window_start, offer_count, create_uid, create_date, write_uid,
                        write_date)
                VALUES (%(company)s, %(hash)s, %(now)s, 0, %(uid)s, %(now)s, %(uid)s, %(now)s)
                ON CONFLICT (company_id, address_hash) DO UPDATE SET write_date = EXCLUDED.write_date
                RETURNING id
                """,
                company=company.id,
                hash=self._hash(address),
                now=now,
                uid=self.env.uid,
            )
        )
        submission = self.browse(self.env.cr.fetchone()[0])
        submission.invalidate_recordset()
        if submission.window_start <= now - timedelta(hours=1):
            submission.write({"window_start": now, "offer_count": 0})
        if submission.offer_count >= company.housing_host_form_rate_limit:
            return False
        submission.offer_count += 1
        return True

    @api.model
    def _purge(self):
        self.search([("write_date", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()

    def init(self):
        # the records of an older version (one per offer) are a few hours old at most: start counting anew
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM housing_host_offer_submission s
                 WHERE EXISTS (SELECT 1 FROM housing_host_offer_submission o
                                WHERE o.company_id = s.company_id AND o.address_hash = s.address_hash AND o.id < s.id)
                """
            )
        )
