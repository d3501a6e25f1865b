from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common_resorption import ResorptionSetup


@tagged("post_install", "-at_install")
@freeze_time("2025-06-15")
class TestShelterStay(ResorptionSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading("fr", cls.company, install_demo=False)
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        cls.lupu = cls._family("Lupu")
        cls.rusu = cls._family("Rusu", children=0)
        cls.stan = cls._family("Stan", children=1)
        # 2 rooms at 45 a room: 90 a night; 12 nights in March, 30 in April, 2 in May
        cls.stay_lupu = cls._new_stay(
            cls.lupu.partner_id,
            date(2025, 3, 20),
            date(2025, 5, 3),
            room_count=2,
            room_label="12, 14",
            census_id=cls.lupu.id,
        )
        # 2 persons at 30 a person: 60 a night, still there; 21 nights in April
        cls.stay_rusu = cls._new_stay(
            cls.rusu.partner_id, date(2025, 4, 10), price_basis="per_person", price_night=30.0, room_label="21"
        )
        # 14 nights in April at 45
        cls.stay_stan = cls._new_stay(cls.stan.partner_id, date(2025, 4, 1), date(2025, 4, 15), room_label="8")

    def _bill(self, month, lines):
        return (
            self.env["account.move"]
            .with_user(self.user_accountant)
            .create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.hotel.id,
                    "invoice_date": date(2025, 5, 5),
                    "housing_shelter_month": month,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": name,
                                "quantity": quantity,
                                "price_unit": price,
                                "housing_shelter_stay_id": stay.id,
                                "tax_ids": [Command.clear()],
                            }
                        )
                        for name, quantity, price, stay in lines
                    ],
                }
            )
        )

    def test_check_out_comes_after_check_in(self):
        for checkout in (date(2025, 3, 19), date(2025, 3, 20)):
            with (
                self.subTest(checkout=checkout),
                self.assertRaisesRegex(
                    ValidationError,
                    f"The hotel stay of Ion Lupu cannot end on {checkout}: the check-out comes after the check-in "
                    r"\(2025-03-20\), at least one night later\.",
                ),
            ):
                self.stay_lupu.date_checkout = checkout

    def test_a_household_stays_in_one_hotel_at_a_time(self):
        with self.assertRaisesRegex(
            ValidationError,
            r"Ion Lupu is already at Hôtel du Canal from 2025-03-20 to 2025-05-03 \(HOTEL-2025-\d+\): a household "
            r"stays in one hotel at a time\.",
        ):
            self._new_stay(self.lupu.partner_id, date(2025, 5, 1), date(2025, 5, 20))
        with self.assertRaisesRegex(ValidationError, r"Ion Rusu is already at Hôtel du Canal from 2025-04-10 to …"):
            self._new_stay(self.rusu.partner_id, date(2025, 9, 1), date(2025, 9, 3))
        next_stay = self._new_stay(self.lupu.partner_id, date(2025, 5, 3), date(2025, 5, 20))
        self.assertEqual(next_stay.nights, 17, "leaving the day the next stay starts is fine")

    def test_nights_per_month_and_their_cost(self):
        self.assertEqual((self.stay_lupu.nightly_cost, self.stay_rusu.nightly_cost), (90.0, 60.0))
        self.assertEqual((self.stay_lupu.nights, self.stay_lupu.cost_total), (44, 3960.0))
        self.assertEqual((self.stay_rusu.nights, self.stay_rusu.cost_total), (67, 4020.0), "21 + 31 + 15 nights so far")
        self.assertEqual((self.stay_lupu.state, self.stay_rusu.state), ("ended", "ongoing"))
        self.assertEqual(
            [(row.month, row.nights, row.cost) for row in self.stay_lupu.month_ids.sorted("month")],
            [(date(2025, 3, 1), 12, 1080.0), (date(2025, 4, 1), 30, 2700.0), (date(2025, 5, 1), 2, 180.0)],
        )
        by_month = {
            month: (nights, cost)
            for month, nights, cost in self.env["housing.shelter.night.report"]._read_group(
                [("hotel_id", "=", self.hotel.id)], ["month:month"], ["nights:sum", "cost:sum"]
            )
        }
        self.assertEqual(
            by_month,
            {
                date(2025, 3, 1): (12, 1080.0),
                date(2025, 4, 1): (30 + 21 + 14, 2700.0 + 1260.0 + 630.0),
                date(2025, 5, 1): (2 + 31, 180.0 + 1860.0),
                date(2025, 6, 1): (30, 1800.0),
            },
            "a stay still going on counts to the end of the current month",
        )
        ongoing = self.env["housing.shelter.stay"].search([("state", "=", "ongoing"), ("hotel_id", "=", self.hotel.id)])
        self.assertEqual(ongoing, self.stay_rusu)

    def test_the_bill_is_checked_against_the_nights_counted(self):
        bill = self._bill(
            date(2025, 4, 1),
            [
                ("Chambres 12 et 14, avril", 31, 90.0, self.stay_lupu),
                ("Chambre 21, avril", 21, 60.0, self.stay_rusu),
                ("Petits-déjeuners", 10, 5.0, self.env["housing.shelter.stay"]),
            ],
        )
        self.assertTrue(bill.housing_shelter_is_hotel)
        self.assertEqual(bill.housing_shelter_difference_count, 3)
        action = bill.with_user(self.user_accountant).action_housing_shelter_check()
        check = self.env["housing.shelter.bill.check"].browse(action["res_id"])
        self.assertEqual(
            sorted(
                (line.stay_id.name or line.label, line.nights_counted, line.nights_billed, line.difference, line.status)
                for line in check.line_ids
            ),
            sorted(
                [
                    (self.stay_lupu.name, 30, 31.0, 1.0, "more"),
                    (self.stay_rusu.name, 21, 21.0, 0.0, "ok"),
                    (self.stay_stan.name, 14, 0.0, -14.0, "not_billed"),
                    ("Petits-déjeuners", 0, 10.0, 10.0, "no_stay"),
                ]
            ),
        )
        self.assertEqual((check.nights_counted, check.nights_billed, check.difference_count), (65, 62.0, 3))
        with self.assertRaisesRegex(
            UserError,
            r"The bill of Hôtel du Canal does not match the nights counted in April 2025: HOTEL-2025-\d+ — Ion Lupu "
            r"\(Hôtel du Canal\): 31 night\(s\) billed, 30 counted \(More nights billed\); "
            r".*14 counted \(Not billed\); Petits-déjeuners: 10 night\(s\) billed, 0 counted \(No stay matches\)\. "
            r"Correct the bill, or accept",
        ):
            bill.with_user(self.user_accountant).action_post()
        self.assertEqual(bill.state, "draft")
        with self.assertRaisesRegex(UserError, "Say why the differences are accepted"):
            check.action_accept()
        check.note = "Nuit du 30 avril facturée par erreur : avoir demandé à l'hôtel."
        check.with_user(self.user_accountant).action_accept()
        self.assertTrue(bill.housing_shelter_differences_accepted)
        self.assertIn("Nuit du 30 avril facturée par erreur", bill.message_ids[0].body)
        # the hotel sends a corrected bill: it is checked again
        lupu_line = bill.invoice_line_ids.filtered(lambda line: line.housing_shelter_stay_id == self.stay_lupu)
        bill.with_user(self.user_accountant).write(
            {"invoice_line_ids": [Command.update(lupu_line.id, {"quantity": 30})]}
        )
        self.assertFalse(bill.housing_shelter_differences_accepted)
        self.assertEqual(
            bill.housing_shelter_difference_count, 2, "the Stans are not billed, the breakfasts match no stay"
        )
        with self.assertRaisesRegex(UserError, "does not match the nights counted"):
            bill.with_user(self.user_accountant).action_post()
        check = self.env["housing.shelter.bill.check"].browse(
            bill.with_user(self.user_accountant).action_housing_shelter_check()["res_id"]
        )
        check.note = "Séjour des Stan facturé le mois prochain ; petits-déjeuners hors nuitées."
        check.with_user(self.user_accountant).action_accept()
        bill.with_user(self.user_accountant).action_post()
        self.assertEqual(bill.state, "posted")

    def test_a_bill_filled_from_the_stays_matches(self):
        bill = self._bill(date(2025, 5, 20), [])
        bill.with_user(self.user_accountant).action_housing_shelter_fill()
        self.assertEqual(
            sorted(
                (line.housing_shelter_stay_id.name, line.quantity, line.price_unit) for line in bill.invoice_line_ids
            ),
            [(self.stay_lupu.name, 2.0, 90.0), (self.stay_rusu.name, 31.0, 60.0)],
        )
        self.assertEqual(bill.amount_total, 180.0 + 1860.0)
        self.assertEqual(bill.housing_shelter_difference_count, 0)
        bill.with_user(self.user_accountant).action_post()
        self.assertEqual(bill.state, "posted")

    def test_the_moving_company_s_cost_is_its_bill(self):
        mover = self.env["res.partner"].create({"name": "Déménagements Garonne", "is_company": True})
        move = self._new_move(self.stan, mover_id=mover.id, mover_quote=900.0)
        self.assertEqual(move.mover_cost, 900.0)
        move.mover_bill_id = (
            self.env["account.move"]
            .with_user(self.user_accountant)
            .create(
                {
                    "move_type": "in_invoice",
                    "partner_id": mover.id,
                    "invoice_date": date(2025, 6, 3),
                    "invoice_line_ids": [
                        Command.create({"name": "Déménagement", "price_unit": 850.0, "tax_ids": [Command.clear()]})
                    ],
                }
            )
        )
        self.assertEqual(move.mover_cost, 850.0)
