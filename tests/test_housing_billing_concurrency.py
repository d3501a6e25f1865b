"""Two billings of the same month at the same time, each with its own database cursor.

These tests commit: they work in a programme of their own in the main company (which has the
French chart), so that nothing they leave behind meets another test.
"""

import threading
import uuid
from datetime import date
from unittest.mock import patch

from odoo import Command, api
from odoo.orm.environments import Transaction
from odoo.tests import TransactionCase, tagged

MONTH = date(2025, 4, 1)


@tagged("post_install", "-at_install")
class TestBillingConcurrency(TransactionCase):
    def _committed_agreements(self, code, count=6):
        """A programme with ``count`` agreements (occupant + CAF), committed; returns its id."""
        code = f"{code}-{uuid.uuid4().hex[:6]}"
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            env = env(context={"allowed_company_ids": company.ids, "tracking_disable": True})
            caf = env["res.partner"].create({"name": f"CAF {code}", "is_company": True})
            programme = env["housing.programme"].create(
                {"name": f"Concurrence {code}", "code": code, "scheme_type": "shared_home", "company_id": company.id}
            )
            unit = env["housing.unit"].create(
                {
                    "name": f"Immeuble {code}",
                    "programme_id": programme.id,
                    "company_id": company.id,
                    "room_ids": [Command.create({"name": f"Chambre {i}"}) for i in range(count)],
                }
            )
            landlord = env["res.partner"].create({"name": f"Bailleur {code}", "is_company": True})
            lease = env["housing.lease"].create(
                {"unit_id": unit.id, "landlord_id": landlord.id, "date_start": "2025-01-01", "rent": 3000}
            )
            lease.action_start()
            for index, room in enumerate(unit.room_ids):
                occupant = env["res.partner"].create({"name": f"Occupant {code} {index}"})
                agreement = env["housing.occupancy"].create(
                    {
                        "room_id": room.id,
                        "partner_id": occupant.id,
                        "date_start": "2025-01-01",
                        "rent": 400,
                        "charges": 50,
                        "share_ids": [
                            Command.create({"payer_kind": "housing_allowance", "partner_id": caf.id, "amount": 250}),
                            Command.create({"payer_kind": "occupant", "is_remainder": True}),
                        ],
                    }
                )
                agreement.action_activate()
            # the other cursors must see the data
            cr.commit()  # pylint: disable=invalid-commit
            return programme.id

    def _bill_in_thread(self, programme_id, name, results):
        """Bill the month in a thread of its own, committing batch by batch as the scheduled job does."""

        def target():
            try:
                with self.registry.cursor() as cr:
                    # the registry already loaded: Odoo's own runner holds the registries' lock while it runs the
                    # tests, and an environment made from a bare cursor would wait for it to look the registry up
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    company = env.ref("base.main_company")
                    run = (
                        env["housing.billing.run"]
                        .with_company(company)
                        .create({"period_start": MONTH, "programme_ids": [Command.set([programme_id])]})
                    )
                    run.with_context(cron_id=True)._process()
                    results[name] = run.id
            except Exception as error:
                results[name] = error

        return threading.Thread(target=target, name=name)

    def _check_billed_once(self, programme_id):
        """Every due of the month billed exactly once: one invoice per payer, one bill for the landlord."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            dues = env["housing.rent.line"].search([("programme_id", "=", programme_id), ("period_start", "=", MONTH)])
            self.assertEqual(len(dues), 13, "6 occupants, 6 CAF shares, the landlord")
            self.assertEqual(set(dues.mapped("state")), {"billed"})
            moves = dues.move_id
            self.assertEqual(len(moves), 8, "6 occupants, the CAF, the landlord")
            self.assertEqual(len(moves.partner_id), 8, "one move per payer")
            caf_invoice = moves.filtered(lambda move: move.partner_id.name.startswith("CAF"))
            self.assertEqual(caf_invoice.amount_total, 1500.0)
            self.assertEqual(sum(moves.filtered(lambda m: m.move_type == "out_invoice").mapped("amount_total")), 2700.0)
            return set(dues.billing_run_id.ids)

    def test_second_run_skips_what_the_first_is_billing(self):
        programme_id = self._committed_agreements("CC1")
        first_locked, second_done = threading.Event(), threading.Event()
        Run = type(self.env["housing.billing.run"])
        original = Run._bill_dues

        def bill_dues(run, dues):
            # the first run holds its dues (locked) until the second run has tried to bill them
            if threading.current_thread().name == "first" and dues:
                first_locked.set()
                second_done.wait(60)
            return original(run, dues)

        results = {}
        with patch.object(Run, "_bill_dues", bill_dues):
            first = self._bill_in_thread(programme_id, "first", results)
            second = self._bill_in_thread(programme_id, "second", results)
            first.start()
            self.assertTrue(first_locked.wait(60), "the first run reached its invoices")
            second.start()
            second.join(60)
            second_done.set()
            first.join(60)
        self.assertNotIsInstance(results.get("first"), Exception, results)
        self.assertNotIsInstance(results.get("second"), Exception, results)
        self.assertEqual(self._check_billed_once(programme_id), {results["first"]}, "the second run billed nothing")
        # the second run ended first, with nothing of its own: it says who billed the month's dues
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            first, second = env["housing.billing.run"].browse([results["first"], results["second"]])
            self.assertEqual((first.state, first.line_count, first.error_ids.mapped("message")), ("done", 13, []))
            self.assertEqual(second.state, "partial")
            self.assertEqual(
                second.error_ids.mapped("message"),
                [
                    f"13 dues of the month were being billed at the same time by {first.name} (no. {first.id}): "
                    "left to it, see its invoices."
                ],
            )
            self.assertIn("0 dues billed in 0 invoices", second.message_ids[:1].body)
            self.assertIn("1 errors, 0 dues left to bill", second.message_ids[:1].body)

    def test_two_runs_started_together(self):
        programme_id = self._committed_agreements("CC2")
        results = {}
        barrier = threading.Barrier(2)
        Run = type(self.env["housing.billing.run"])
        original = Run._process

        def process(run):
            barrier.wait(30)
            return original(run)

        with patch.object(Run, "_process", process):
            threads = [self._bill_in_thread(programme_id, name, results) for name in ("left", "right")]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
        self.assertFalse([value for value in results.values() if isinstance(value, Exception)], results)
        self._check_billed_once(programme_id)
