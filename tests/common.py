import importlib.util
from contextlib import contextmanager
from pathlib import Path

from psycopg2 import IntegrityError

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools import mute_logger


def migration(name, version="19.0.1.1.0"):
    """A migration script of the addon (``migrations/<version>/<name>.py``), loaded as Odoo loads it."""
    path = Path(__file__).resolve().parent.parent / "migrations" / version / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"solidarity_housing_migration_{name.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
        cls.caf = cls.env["res.partner"].create({"name": "CAF Test", "is_company": True})
        cls.occupant = cls.env["res.partner"].create({"name": "Mohamed Benali", "housing_birthdate": "1950-04-02"})

    def assertRaisesRegex(self, expected_exception, expected_regex, *args, **kwargs):
        """As unittest's, inside a savepoint like Odoo's ``assertRaises``: what failed leaves no trace."""
        if args or kwargs:
            return super().assertRaisesRegex(expected_exception, expected_regex, *args, **kwargs)
        return self._assert_raises_regex(expected_exception, expected_regex)

    @contextmanager
    def _assert_raises_regex(self, expected_exception, expected_regex):
        with self.assertRaises(expected_exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), expected_regex)

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
    def _new_lease(cls, unit=None, start="2025-01-01", **values):
        """A running sublet head lease of ``unit`` (the test unit by default)."""
        lease = cls.env["housing.lease"].create(
            {
                "unit_id": (unit or cls.unit).id,
                "date_start": start,
                "rent": 1200.0,
                "charges": 150.0,
                **values,
            }
        )
        lease.action_start()
        return lease

    @classmethod
    def _new_occupancy(cls, room=None, partner=None, start="2025-01-01", shares=None, activate=True, **values):
        """An agreement in ``room`` (room 1 by default) for ``partner``, 400 + 50 a month.

        ``shares`` defaults to the occupant paying everything (the remainder payer).
        """
        room = room if room is not None else cls.room_1
        partner = partner or cls.env["res.partner"].create({"name": f"Occupant {start}"})
        if shares is None:
            shares = [{"payer_kind": "occupant", "is_remainder": True}]
        occupancy = cls.env["housing.occupancy"].create(
            {
                "room_id": room.id if room else False,
                "unit_id": room.unit_id.id if room else values.pop("unit_id"),
                "partner_id": partner.id,
                "date_start": start,
                "rent": 400.0,
                "charges": 50.0,
                "share_ids": [Command.create(share) for share in shares],
                **values,
            }
        )
        if activate:
            occupancy.action_activate()
        return occupancy

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
