from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_caf import APRIL, SAMPLE, CafCase


@tagged("post_install", "-at_install")
class TestCafAccess(CafCase):
    """The CAF number is read by accountants (the statement's key), changed by social workers only; the rest of
    the social profile stays with the social workers. Statements are the accountants'."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["housing.social.profile"].create(
            {
                "partner_id": cls.occupant.id,
                "company_id": cls.company.id,
                "caf_number": "2345671",
                "health_cover": "ame",
            }
        )
        cls.agreement = cls._caf_occupancy(room=cls.room_1, partner=cls.occupant, start="2025-01-01")
        cls._bill_months(APRIL)

    def _partner(self, user):
        return self.occupant.with_user(user).with_company(self.company)

    def test_accountants_read_the_caf_number_and_nothing_else_of_the_profile(self):
        partner = self._partner(self.user_accountant)
        self.assertEqual(partner.housing_caf_number_accounting, "2345671")
        for field in ("housing_caf_number", "housing_health_cover"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                partner.read([field])
        with self.assertRaises(AccessError):
            self.env["housing.social.profile"].with_user(self.user_accountant).search([])
        with self.assertRaisesRegex(UserError, "The CAF number is recorded by the social worker"):
            partner.write({"housing_caf_number_accounting": "7654321"})
        with self.assertRaises(AccessError):
            partner.write({"housing_caf_number": "7654321"})
        self.assertEqual(self._partner(self.user_social).housing_caf_number, "2345671", "unchanged")

    def test_social_workers_read_and_change_it_the_back_office_does_neither(self):
        partner = self._partner(self.user_social)
        self.assertEqual((partner.housing_caf_number, partner.housing_health_cover), ("2345671", "ame"))
        partner.write({"housing_caf_number": "2345679"})
        self.assertEqual(self._partner(self.user_accountant).housing_caf_number_accounting, "2345679")
        with self.assertRaises(AccessError):
            partner.read(["housing_caf_number_accounting"])  # not an accountant: the social field serves her
        backoffice = self._partner(self.user_backoffice)
        for field in ("housing_caf_number", "housing_caf_number_accounting", "housing_health_cover"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                backoffice.read([field])

    def test_statements_are_the_accountants(self):
        statement = self._import(
            SAMPLE.read_bytes().split(b"\n")[0] + b"\n2345671;Benali;04/2025;Mensualit\xc3\xa9;210,00\n", 210.0
        )
        self.assertEqual(statement.line_ids.match_state, "matched", "accountants match on the CAF number")
        for user in (self.user_backoffice, self.user_social):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                statement.with_user(user).read(["name"])
        self.assertEqual(statement.with_user(self.user_manager).line_ids.beneficiary_name, "Benali")
        with self.assertRaisesRegex(UserError, "Only accountants"):
            statement.with_user(self.user_manager).action_validate()
        with self.assertRaisesRegex(UserError, "Only accountants"):
            self._import(SAMPLE.read_bytes(), 881.0, user=self.user_manager)
        statement.with_user(self.user_accountant).action_validate()
        self.assertEqual(self._allowance_due(self.agreement, APRIL).payment_state, "paid")
        with self.assertRaisesRegex(UserError, "is validated: its payment is registered"):
            statement.with_user(self.user_accountant).unlink()
        other = statement.with_user(self.user_other_company)
        with self.assertRaises(AccessError):
            other.read(["name"])
