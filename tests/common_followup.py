from contextlib import contextmanager
from datetime import date
from unittest.mock import patch

from odoo import Command

from .common import HousingSetup

SOCIAL_WORKER = "solidarity_housing.group_housing_social_worker"


class FollowupSetup(HousingSetup):
    """Two social workers, two programmes and a followed family, all in the test company."""

    @classmethod
    def _setup_housing(cls):
        result = super()._setup_housing()
        cls.user_social_other = cls._new_user("cesf_rooms", SOCIAL_WORKER)
        cls.programme_rooms = cls.env["housing.programme"].create(
            {
                "name": "Colocations solidaires test",
                "code": "CST",
                "scheme_type": "shared_flat",
                "company_id": cls.company.id,
                "social_worker_ids": [Command.set(cls.user_social_other.ids)],
            }
        )
        cls.domain_health = cls.env.ref("solidarity_housing.followup_domain_health")
        cls.domain_residence = cls.env.ref("solidarity_housing.followup_domain_residence")
        cls.domain_caf = cls.env.ref("solidarity_housing.followup_domain_caf")
        cls.head = cls.env["res.partner"].create(
            {"name": "Ion Popescu", "housing_birthdate": "1981-01-11", "housing_relationship": "head"}
        )
        cls.spouse = cls.env["res.partner"].create(
            {
                "name": "Maria Popescu",
                "housing_birthdate": "1983-05-02",
                "housing_relationship": "spouse",
                "housing_head_id": cls.head.id,
            }
        )
        cls.child = cls.env["res.partner"].create(
            {
                "name": "Elena Popescu",
                "housing_birthdate": "2015-09-01",
                "housing_relationship": "child",
                "housing_head_id": cls.head.id,
            }
        )
        return result

    @classmethod
    def _new_followup(cls, partner, user=None, programme=None, **values):
        return cls.env["housing.followup"].create(
            {
                "partner_id": partner.id,
                "user_id": (user or cls.user_social).id,
                "programme_id": (programme or cls.programme).id,
                "company_id": cls.company.id,
                "date_start": date(2025, 1, 6),
                **values,
            }
        )

    @classmethod
    def _set_social(cls, partner, **values):
        """Write the social part of a person as a manager of the test company."""
        partner.with_user(cls.user_manager).write({f"housing_{name}": value for name, value in values.items()})

    @contextmanager
    def assertRefused(self, exception, regex):
        """``exception`` is raised with a message matching ``regex``; what was written is rolled back."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)

    def run_job(self, method="_cron_followup_alerts"):
        """Run a scheduled job as the scheduler does (progress commits are counted, not committed)."""
        with patch.object(self.registry["ir.cron"], "_commit_progress", return_value=float("inf")) as progress:
            getattr(self.env["housing.followup"], method)()
        return progress

    def alerts(self, followup, active=True):
        return (
            self.env["mail.activity"]
            .with_context(active_test=active)
            .search(
                [
                    ("res_model", "=", "housing.followup"),
                    ("res_id", "=", followup.id),
                    ("housing_alert_key", "!=", False),
                    *([] if active else [("active", "=", False)]),
                ]
            )
        )

    @contextmanager
    def arrears(self, months_by_partner):
        """The billing part says how many months of net share each household owes."""
        with patch.object(
            self.registry["res.partner"], "_housing_arrears_months", autospec=True, return_value=months_by_partner
        ):
            yield
