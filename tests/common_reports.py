from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tools import SQL

from .common_collections import CollectionsSetup

YEAR_FROM, YEAR_TO = date(2025, 1, 1), date(2025, 12, 31)
MARCH, APRIL, MAY = date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1)


class ReportsYearSetup(CollectionsSetup):
    """A year (2025) of the test unit (rooms of 1, 1 and 2 beds; head lease 1,200 + 150 a month from January),
    built by hand so that every figure can be computed on paper:

    - Amadou, room 1, from 1 January, leaves on 15 March for permanent housing;
    - Bintou, room 1, from 10 April (room 1 empty 16 March - 9 April);
    - Claire and her daughter Chloé (born 15 June 2022: 3 on 15 June 2025), the double room, from 17 February;
      she pays 100, the CAF 210 from March, the association the rest (140);
    - Driss, room 2, from 1 January, leaves on 30 September taking over a sliding lease; the DDETS pays 150;
    - Emeka, room 2, from 15 October to 30 November (to family); room 2 empty 1-14 October and in December.

    March, April and May are billed. Driss's March, the CAF's and the DDETS's March are paid, Claire paid 40
    of her 100 in March. Claire and Driss end up in arrears; Claire agreed a repayment plan on 10 June 2025,
    broken by 1 September; her FSL request (1 July) and the CCAPEX (15 November). Claire and Amadou have
    support files, with meetings, goals (agreed on 25 February and 10 January) and a collective activity.
    """

    @classmethod
    def _setup_housing(cls):
        result = super()._setup_housing()
        cls._setup_reports_year()
        return result

    @classmethod
    def _setup_reports_year(cls):
        Partner = cls.env["res.partner"]
        cls.amadou = Partner.create({"name": "Amadou Sow", "housing_birthdate": "1970-05-10"})
        cls.bintou = Partner.create({"name": "Bintou Keita", "housing_birthdate": "1990-02-01"})
        cls.claire = Partner.create({"name": "Claire Mbala", "housing_birthdate": "1985-01-01"})
        cls.chloe = Partner.create(
            {"name": "Chloé Mbala", "housing_birthdate": "2022-06-15", "housing_head_id": cls.claire.id}
        )
        cls.driss = Partner.create({"name": "Driss Amrani", "housing_birthdate": "1955-09-09"})
        cls.emeka = Partner.create({"name": "Emeka Obi", "housing_birthdate": "1999-12-12"})

        cls.agreement_a = cls._new_occupancy(room=cls.room_1, partner=cls.amadou, start="2025-01-01")
        cls.agreement_a._record_exit(date(2025, 3, 15), "permanent_housing")
        cls.agreement_b = cls._new_occupancy(room=cls.room_1, partner=cls.bintou, start="2025-04-10")
        cls.agreement_c = cls._new_occupancy(
            room=cls.room_double,
            partner=cls.claire,
            start="2025-02-17",
            shares=[
                {"payer_kind": "occupant", "amount": 100.0},
                {"payer_kind": "housing_allowance", "partner_id": cls.caf.id, "amount": 210.0},
                {"payer_kind": "association", "is_remainder": True},
            ],
        )
        cls.agreement_d = cls._new_occupancy(
            room=cls.room_2,
            partner=cls.driss,
            start="2025-01-01",
            shares=[
                {"payer_kind": "funder", "partner_id": cls.funder.id, "amount": 150.0},
                {"payer_kind": "occupant", "is_remainder": True},
            ],
        )
        cls.agreement_d._record_exit(date(2025, 9, 30), "sliding_lease")
        cls.agreement_e = cls._new_occupancy(room=cls.room_2, partner=cls.emeka, start="2025-10-15")
        cls.agreement_e._record_exit(date(2025, 11, 30), "family")

        for month in (MARCH, APRIL, MAY):
            cls._run(cls, month)
        cls._pay(cls, cls._invoices(cls, cls.driss, MARCH), date=date(2025, 3, 10))
        cls._pay(cls, cls._invoices(cls, cls.claire, MARCH), amount=40.0, date=date(2025, 3, 12))
        cls._pay(cls, cls._invoices(cls, cls.caf, MARCH), date=date(2025, 4, 2))
        cls._pay(cls, cls._invoices(cls, cls.funder, MARCH), date=date(2025, 4, 3))
        cls._refresh(cls)
        cls.arrears_claire = cls._arrears(cls, cls.claire)
        cls.arrears_claire.write({"fsl_request_date": "2025-07-01", "ccapex_date": "2025-11-15"})
        with freeze_time("2025-06-10"):
            cls.plan = (
                cls.env["housing.repayment.plan"]
                .with_user(cls.user_accountant)
                .create({"partner_id": cls.claire.id, "amount": 100.0, "instalment_count": 2})
            )
            cls.plan.action_confirm()
        cls.plan.sudo()._update_payments(date(2025, 9, 1))

        cls._setup_reports_followup()

    @classmethod
    def _setup_reports_followup(cls):
        ref = cls.env.ref
        health = ref("solidarity_housing.followup_domain_health")
        caf = ref("solidarity_housing.followup_domain_caf")
        residence = ref("solidarity_housing.followup_domain_residence")
        domiciliation = ref("solidarity_housing.followup_domain_domiciliation")
        Followup = cls.env["housing.followup"]
        cls.file_claire = Followup.create(
            {
                "partner_id": cls.claire.id,
                "user_id": cls.user_social.id,
                "programme_id": cls.programme.id,
                "company_id": cls.company.id,
                "measure_type": "asll",
                "date_start": date(2025, 2, 20),
                "date_end": date(2025, 8, 19),
                "state": "active",
            }
        )
        cls.file_amadou = Followup.create(
            {
                "partner_id": cls.amadou.id,
                "user_id": cls.user_social.id,
                "programme_id": cls.programme.id,
                "company_id": cls.company.id,
                "measure_type": "internal",
                "date_start": date(2025, 1, 5),
            }
        )
        cls.file_amadou.write({"state": "closed", "date_closed": date(2025, 3, 15), "closing_reason": "left"})
        Meeting = cls.env["housing.followup.meeting"]
        Meeting.create(
            [
                {
                    "followup_id": cls.file_claire.id,
                    "date": datetime(2025, 3, 3, 10, 0),
                    "meeting_type": "home_visit",
                    "duration": 1.5,
                    "domain_ids": [Command.set((health | caf).ids)],
                },
                {
                    "followup_id": cls.file_claire.id,
                    "date": datetime(2025, 5, 12, 14, 0),
                    "meeting_type": "office",
                    "duration": 1.0,
                    "domain_ids": [Command.set(residence.ids)],
                },
                {
                    "followup_id": cls.file_claire.id,
                    "date": datetime(2025, 6, 1, 9, 0),
                    "meeting_type": "phone",
                    "duration": 0.25,
                },
                {
                    "followup_id": cls.file_claire.id,
                    "date": datetime(2025, 7, 1, 9, 0),
                    "meeting_type": "home_visit",
                    "duration": 1.0,
                    "state": "missed",
                },
                {
                    "followup_id": cls.file_amadou.id,
                    "date": datetime(2025, 2, 10, 9, 0),
                    "meeting_type": "accompaniment",
                    "duration": 3.0,
                    "domain_ids": [Command.set(residence.ids)],
                },
            ]
        )
        Goal = cls.env["housing.followup.goal"]
        cls.goals = Goal.create(
            [
                {"followup_id": cls.file_claire.id, "domain_id": health.id, "name": "Complémentaire santé"},
                {"followup_id": cls.file_claire.id, "domain_id": caf.id, "name": "Dossier CAF"},
                {"followup_id": cls.file_claire.id, "domain_id": residence.id, "name": "Renouveler le titre"},
                {
                    "followup_id": cls.file_amadou.id,
                    "domain_id": domiciliation.id,
                    "name": "Domiciliation",
                    "state": "dropped",
                },
            ]
        )
        cls.goals[0].write({"state": "done", "date_done": date(2025, 4, 1)})
        # the goals were agreed at the first meetings of the files (a goal is set on the day it is recorded)
        cls._set_create_date(cls.goals[:3], datetime(2025, 2, 25, 10, 0))
        cls._set_create_date(cls.goals[3], datetime(2025, 1, 10, 10, 0))
        Activity = cls.env["housing.collective.activity"]
        Activity.create(
            [
                {
                    "name": "Fête des voisins",
                    "programme_id": cls.programme.id,
                    "date": datetime(2025, 6, 20, 17, 0),
                    "duration": 2.0,
                    "state": "done",
                    "attendee_ids": [Command.set((cls.claire | cls.chloe | cls.bintou).ids)],
                },
                {
                    "name": "Atelier budget",
                    "programme_id": cls.programme.id,
                    "date": datetime(2025, 9, 20, 17, 0),
                    "duration": 2.0,
                    "state": "cancelled",
                    "attendee_ids": [Command.set(cls.bintou.ids)],
                },
            ]
        )

    @classmethod
    def _set_create_date(cls, records, moment):
        """Date ``records`` as recorded at ``moment`` (the ORM always dates a record with the transaction's clock)."""
        records.flush_recordset()
        cls.env.cr.execute(
            SQL("UPDATE %s SET create_date = %s WHERE id IN %s", SQL.identifier(records._table), moment, records._ids)
        )
        records.invalidate_recordset(["create_date"])

    def _indicators(self, date_from=YEAR_FROM, date_to=YEAR_TO, programmes=None, user=None):
        engine = self.env["housing.indicator"].with_user(user or self.user_manager).with_company(self.company)
        return engine._get_indicators(programmes or self.programme, date_from, date_to)
