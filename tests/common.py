from contextlib import contextmanager

from psycopg2 import IntegrityError

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools import mute_logger


class HousingSetup:
    """A French association of its own, its staff in each role, and a small housing stock.

    Tests never rely on demo data: everything they count lives in ``cls.company``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_housing()

    @classmethod
    def _setup_housing(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create(
            {"name": "Association Toit Partagé", "country_id": cls.env.ref("base.fr").id}
        )
        cls.other_company = cls.env["res.company"].create(
            {"name": "Association Voisine", "country_id": cls.env.ref("base.fr").id}
        )
        cls.user_backoffice = cls._new_user("backoffice", "solidarity_housing.group_housing_user")
        cls.user_social = cls._new_user("cesf", "solidarity_housing.group_housing_social_worker")
        cls.user_manager = cls._new_user("manager", "solidarity_housing.group_housing_manager")
        cls.user_accountant = cls._new_user(
            "accountant", "solidarity_housing.group_housing_user,account.group_account_invoice"
        )
        cls.user_employee = cls._new_user("employee", "base.group_user")
        cls.user_other_company = cls._new_user(
            "other_manager", "solidarity_housing.group_housing_manager", company=cls.other_company
        )

        cls.landlord = cls.env["res.partner"].create({"name": "Bailleur Social Test", "is_company": True})
        cls.funder = cls.env["res.partner"].create({"name": "DDETS Test", "is_company": True})
        cls.programme = cls.env["housing.programme"].create(
            {
                "name": "Domiciles partagés test",
                "code": "DPT",
                "scheme_type": "shared_home",
                "company_id": cls.company.id,
                "places_target": 10,
                "funder_ids": [Command.set(cls.funder.ids)],
            }
        )
        cls.unit = cls._new_unit("Appartement Tanger", rooms=[1, 1, 2])
        cls.room_1, cls.room_2, cls.room_double = cls.unit.room_ids

    @contextmanager
    def assertRefusedByDatabase(self, model, message):
        """The database refuses the write; the user reads ``message`` (as the web client shows it)."""
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, self.env.cr.savepoint():
            yield
        self.assertEqual(self.env[model]._sql_error_to_message(caught.exception), message)

    @classmethod
    def _new_user(cls, login, groups, company=None):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=f"housing_{login}",
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            name=f"Housing {login}",
        )

    @classmethod
    def _new_unit(cls, name, rooms=(1,), programme=None, **values):
        """A unit with one room per entry of ``rooms`` (its number of beds)."""
        return cls.env["housing.unit"].create(
            {
                "name": name,
                "programme_id": (programme or cls.programme).id,
                "company_id": (programme or cls.programme).company_id.id,
                "landlord_id": cls.landlord.id,
                "unit_type": "t4",
                "surface": 80.0,
                "room_ids": [
                    Command.create({"name": f"Chambre {index}", "capacity": beds})
                    for index, beds in enumerate(rooms, 1)
                ],
                **values,
            }
        )


class HousingCase(HousingSetup, TransactionCase):
    """Server-side tests."""


class HousingHttpCase(HousingSetup, HttpCase):
    """Browser tours, run as one of the role users (password = login)."""
