from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
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
                date(2025, 6, 1): (15, 900.0),
            },
            "a stay still going on counts to tonight (the 15th included), never the nights still to come",
        )
        ongoing = self.env["housing.shelter.stay"].search([("state", "=", "ongoing"), ("hotel_id", "=", self.hotel.id)])
        self.assertEqual(ongoing, self.stay_rusu)

    def test_nights_still_to_come_are_not_counted(self):
        # checked in on 10 June, leaving on 30 June: 6 nights so far (the 10th to tonight, the 15th)
        stay = self._new_stay(self.stan.partner_id, date(2025, 6, 10), date(2025, 6, 30))
        self.assertEqual((stay.nights, stay.cost_total), (6, 270.0), "to tonight, not to the check-out")
        self.env.invalidate_all()
        self.assertEqual([(row.month, row.nights) for row in stay.month_ids], [(date(2025, 6, 1), 6)])
        planned = self._new_stay(self.env["res.partner"].create({"name": "Famille Dinu"}), date(2025, 7, 1))
        self.assertEqual((planned.nights, planned.cost_total, planned.state), (0, 0.0, "planned"))
        self.env.invalidate_all()
        self.assertFalse(planned.month_ids, "a stay still to come has no night yet")

    def test_the_bill_is_checked_against_the_nights_counted(self):
        # the hotel bills room-nights for the Lupus (price per room), person-nights for the Rusus (price per person)
        bill = self._bill(
            date(2025, 4, 1),
            [
                ("Chambres 12 et 14, avril : 31 nuits", 62, 45.0, self.stay_lupu),
                ("Chambre 21, avril : 21 nuits, 2 personnes", 42, 32.0, self.stay_rusu),
                ("Petits-déjeuners", 10, 5.0, self.env["housing.shelter.stay"]),
            ],
        )
        self.assertTrue(bill.housing_shelter_is_hotel)
        self.assertEqual(bill.housing_shelter_difference_count, 4)
        action = bill.with_user(self.user_accountant).action_housing_shelter_check()
        check = self.env["housing.shelter.bill.check"].browse(action["res_id"])
        self.assertEqual(
            sorted(
                (
                    line.stay_id.name or line.label,
                    line.nights_counted,
                    line.nights_billed,
                    line.difference,
                    line.amount_counted,
                    line.amount_billed,
                    line.status,
                )
                for line in check.line_ids
            ),
            sorted(
                [
                    (self.stay_lupu.name, 30, 31.0, 1.0, 2700.0, 2790.0, "more"),
                    (self.stay_rusu.name, 21, 21.0, 0.0, 1260.0, 1344.0, "amount"),
                    (self.stay_stan.name, 14, 0.0, -14.0, 630.0, 0.0, "not_billed"),
                    ("Petits-déjeuners", 0, 10.0, 10.0, 0.0, 50.0, "no_stay"),
                ]
            ),
            "the right nights at a higher price are a difference too",
        )
        self.assertEqual((check.nights_counted, check.nights_billed, check.difference_count), (65, 62.0, 4))
        with self.assertRaisesRegex(
            UserError,
            r"The bill of Hôtel du Canal does not match the nights counted in April 2025: HOTEL-2025-\d+ — Ion Lupu "
            r"\(Hôtel du Canal\): 31 night\(s\) billed, 30 counted \(More nights billed\); HOTEL-2025-\d+ — Ion Rusu "
            r"\(Hôtel du Canal\): 1,344\.00.€ billed, 1,260\.00.€ counted for 21 night\(s\) \(Other amount billed\); "
            r".*14 counted \(Not billed\); Petits-déjeuners: 10 night\(s\) billed, 0 counted \(No stay matches\)\. "
            r"Correct the bill, or accept",
        ):
            bill.with_user(self.user_accountant).action_post()
        self.assertEqual(bill.state, "draft")
        with self.assertRaisesRegex(UserError, "Say why the differences are accepted"):
            check.with_user(self.user_accountant).action_accept()
        check.note = "Nuit du 30 avril facturée par erreur : avoir demandé à l'hôtel."
        with self.assertRaisesRegex(
            AccessError, "Only an accountant or a housing manager accepts the differences of a hotel bill."
        ):
            check.with_user(self.user_backoffice).action_accept()
        self.assertFalse(bill.housing_shelter_differences_accepted)
        check.with_user(self.user_accountant).action_accept()
        self.assertTrue(bill.housing_shelter_differences_accepted)
        self.assertIn("Nuit du 30 avril facturée par erreur", bill.message_ids[0].body)
        # the hotel sends a corrected bill: it is checked again
        lupu_line = bill.invoice_line_ids.filtered(lambda line: line.housing_shelter_stay_id == self.stay_lupu)
        bill.with_user(self.user_accountant).write(
            {"invoice_line_ids": [Command.update(lupu_line.id, {"quantity": 60})]}
        )
        self.assertFalse(bill.housing_shelter_differences_accepted)
        self.assertEqual(
            bill.housing_shelter_difference_count,
            3,
            "the Rusus billed at a higher price, the Stans not billed, the breakfasts match no stay",
        )
        with self.assertRaisesRegex(UserError, "does not match the nights counted"):
            bill.with_user(self.user_accountant).action_post()
        check = self.env["housing.shelter.bill.check"].browse(
            bill.with_user(self.user_accountant).action_housing_shelter_check()["res_id"]
        )
        check.note = "Séjour des Stan facturé le mois prochain ; petits-déjeuners hors nuitées ; tarif négocié."
        check.with_user(self.user_accountant).action_accept()
        bill.with_user(self.user_accountant).action_post()
        self.assertEqual(bill.state, "posted")
        # the nights are billed: the price of the stay is that of its nights
        with self.assertRaisesRegex(
            UserError,
            r"Nights of HOTEL-2025-\d+ are already billed \(\S+\): its price, rooms and persons make their cost\. "
            r"When they change, end this stay on that day and open a new one from that day\.",
        ):
            self.stay_lupu.with_user(self.user_backoffice).room_count = 1
        self.stay_lupu.with_user(self.user_backoffice).room_label = "12 et 14"

    def test_every_bill_of_a_hotel_is_checked_whoever_posts_it(self):
        """Odoo's "Post entries" and the automatic posting call _post: the check is there; a bill of a hotel of the
        stays is checked even without its month, unless an accountant says it is not a bill of nights."""
        bill = self._bill(date(2025, 4, 1), [("Chambres 12 et 14, avril", 62, 45.0, self.stay_lupu)])
        with self.assertRaisesRegex(UserError, "does not match the nights counted in April 2025"):
            bill.with_user(self.user_accountant)._post()
        wizard = (
            self.env["validate.account.move"]
            .with_user(self.user_accountant)
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({})
        )
        with self.assertRaisesRegex(UserError, "does not match the nights counted in April 2025"):
            wizard.validate_move()
        self.assertEqual(bill.state, "draft")
        # a bill of the hotel without the month of its nights, and no line of a stay
        other = self._bill(False, [("Salle de réunion", 1, 200.0, self.env["housing.shelter.stay"])])
        with self.assertRaisesRegex(
            UserError,
            r"Hôtel du Canal shelters households of the association: its bill is checked against the nights of their "
            r"stays before it is posted\. Enter the month of the nights it charges \(field Nights of the month\) and "
            r"check the bill; if it charges something else than nights, an accountant ticks Not a bill of nights\.",
        ):
            other.with_user(self.user_accountant).action_post()
        with self.assertRaisesRegex(
            AccessError, "Only an accountant says whether a hotel's bill charges the nights of its stays."
        ):
            other.with_user(self.user_manager).write({"housing_shelter_not_nights": True})
        other.with_user(self.user_accountant).housing_shelter_not_nights = True
        other.with_user(self.user_accountant).action_post()
        self.assertEqual(other.state, "posted")
        # another vendor's bills are not concerned
        garage = self.env["res.partner"].create({"name": "Garage du Canal", "is_company": True})
        self.assertFalse(other.copy({"partner_id": garage.id}).housing_shelter_is_hotel)

    def test_the_acceptance_is_given_by_the_check_only_and_lost_on_any_change(self):
        bill = self._bill(date(2025, 4, 1), [("Chambres 12 et 14, avril", 62, 45.0, self.stay_lupu)])
        message = (
            "The differences between a hotel bill and the nights counted are accepted with the button Check the bill, "
            "by an accountant, with a reason."
        )
        for values in ({"housing_shelter_differences_accepted": True}, {"housing_shelter_check_note": "Vu"}):
            with self.subTest(values=list(values)), self.assertRaisesRegex(AccessError, message):
                bill.with_user(self.user_accountant).write(values)
        with self.assertRaisesRegex(AccessError, message):
            self.env["account.move"].with_user(self.user_accountant).create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.hotel.id,
                    "housing_shelter_month": date(2025, 4, 1),
                    "housing_shelter_differences_accepted": True,
                }
            )

        def accept():
            check = self.env["housing.shelter.bill.check"].browse(
                bill.with_user(self.user_accountant).action_housing_shelter_check()["res_id"]
            )
            check.note = "Accord avec l'hôtel."
            check.with_user(self.user_accountant).action_accept()
            self.assertTrue(bill.housing_shelter_differences_accepted)

        accept()
        # a line changed directly (not through the bill)
        bill.invoice_line_ids.with_user(self.user_accountant).price_unit = 50.0
        self.assertEqual((bill.housing_shelter_differences_accepted, bill.housing_shelter_check_note), (False, False))
        self.assertIn("check the bill again", bill.message_ids[0].body)
        accept()
        # the stay changes after the acceptance: the nights counted change
        self.stay_lupu.with_user(self.user_backoffice).date_checkout = date(2025, 4, 20)
        self.assertFalse(bill.housing_shelter_differences_accepted)
        accept()
        bill.invoice_line_ids.with_user(self.user_accountant).unlink()
        self.assertFalse(bill.housing_shelter_differences_accepted)

    def test_a_bill_line_bills_a_stay_of_its_hotel(self):
        other_hotel = self.env["res.partner"].create(
            {"name": "Hôtel de la Gare", "is_company": True, "company_id": self.company.id}
        )
        stay = self._new_stay(self.stan.partner_id, date(2025, 5, 1), date(2025, 5, 10), hotel_id=other_hotel.id)
        with self.assertRaisesRegex(
            ValidationError,
            r"The stay HOTEL-2025-\d+ is at Hôtel de la Gare, not at Hôtel du Canal: a bill's line bills a stay at the "
            r"bill's hotel\.",
        ):
            self._bill(date(2025, 5, 1), [("Nuitées", 9, 45.0, stay)])

    def test_a_stay_shelters_a_household_of_the_association(self):
        organisation = self.env["res.partner"].create({"name": "Secours Test", "is_company": True})
        with self.assertRaisesRegex(
            ValidationError,
            r"Secours Test is not the head of a household: a hotel stay shelters a household, recorded under its head "
            r"\(a person, not an organisation\)\.",
        ):
            self._new_stay(organisation, date(2025, 7, 1))
        spouse = self.lupu.member_ids.partner_id.filtered(lambda person: person.name == "Maria Lupu")
        with self.assertRaisesRegex(ValidationError, r"Maria Lupu is not the head of a household.*\(Ion Lupu\)"):
            self._new_stay(spouse, date(2025, 7, 1))
        with self.assertRaisesRegex(
            ValidationError,
            r"The census RECENS-\S+ is the one of Ion Lupu, not of Ion Stan: choose the census of the household "
            r"sheltered\.",
        ):
            self._new_stay(self.stan.partner_id, date(2025, 7, 1), census_id=self.lupu.id)
        hotel_programme = self.env["housing.programme"].create(
            {"name": "Mise à l'abri test", "code": "MAT", "scheme_type": "hotel_shelter", "company_id": self.company.id}
        )
        with self.assertRaisesRegex(
            ValidationError,
            "The hotel stay of Ion Stan is in the programme Mise à l'abri test, its census in Résorption test: a stay "
            "after a census is in the census's programme.",
        ):
            self._new_stay(
                self.stan.partner_id, date(2025, 7, 1), census_id=self.stan.id, programme_id=hotel_programme.id
            )
        elsewhere = self.env["res.partner"].create({"name": "Financeur ailleurs", "company_id": self.other_company.id})
        with self.assertRaisesRegex(UserError, r"“Funder” .* belongs to another company"):
            self._new_stay(self.stan.partner_id, date(2025, 7, 1), funder_id=elsewhere.id)
        with self.assertRaisesRegex(
            ValidationError,
            "The hotel stay of Ion Stan needs at least one room and one person, and a price per night that is not "
            "negative.",
        ):
            self._new_stay(self.stan.partner_id, date(2025, 7, 1), price_night=-1.0)

    def test_another_association_s_stays_are_neither_counted_nor_named(self):
        other_hotel = self.env["res.partner"].create({"name": "Hôtel Voisin", "is_company": True})
        other_programme = self.env["housing.programme"].create(
            {
                "name": "Abri voisin",
                "code": "ABV",
                "scheme_type": "hotel_shelter",
                "company_id": self.other_company.id,
            }
        )
        # the same household, sheltered by another association over the same nights: not this one's business
        theirs = (
            self.env["housing.shelter.stay"]
            .with_user(self.user_other_company)
            .with_context(allowed_company_ids=self.other_company.ids)
            .create(
                {
                    "partner_id": self.rusu.partner_id.id,
                    "hotel_id": other_hotel.id,
                    "programme_id": other_programme.id,
                    "company_id": self.other_company.id,
                    "date_checkin": date(2025, 5, 1),
                    "price_night": 40.0,
                }
            )
        )
        self.assertTrue(theirs)
        with self.assertRaises(ValidationError) as caught:
            self._new_stay(self.rusu.partner_id, date(2025, 9, 1), date(2025, 9, 3))
        self.assertIn("Ion Rusu is already at Hôtel du Canal", str(caught.exception))
        self.assertNotIn("Hôtel Voisin", str(caught.exception))

    def test_a_bill_filled_from_the_stays_matches(self):
        bill = self._bill(date(2025, 5, 20), [])
        bill.with_user(self.user_accountant).action_housing_shelter_fill()
        self.assertEqual(
            sorted(
                (line.housing_shelter_stay_id.name, line.quantity, line.price_unit) for line in bill.invoice_line_ids
            ),
            [(self.stay_lupu.name, 4.0, 45.0), (self.stay_rusu.name, 62.0, 30.0)],
            "2 nights of 2 rooms at 45 a room; 31 nights of 2 persons at 30 a person",
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

    def test_the_moving_company_s_bill_is_its_own(self):
        env = self.env
        mover = env["res.partner"].create({"name": "Déménagements Garonne", "is_company": True})
        other_vendor = env["res.partner"].create({"name": "Garage du Canal", "is_company": True})
        bill = env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": other_vendor.id,
                "invoice_date": date(2025, 6, 3),
                "invoice_line_ids": [Command.create({"name": "Réparation", "price_unit": 300.0})],
            }
        )
        with self.assertRaisesRegex(
            ValidationError,
            r"is not a bill of the moving company Déménagements Garonne: choose its vendor bill for the move of "
            r"Ion Rusu\.",
        ):
            self._new_move(self.rusu, mover_id=mover.id, mover_bill_id=bill.id)
        with self.assertRaisesRegex(
            ValidationError, "The stored volume and the quoted cost of the move of Ion Rusu cannot be negative."
        ):
            self._new_move(self.rusu, storage_volume=-2.0)
