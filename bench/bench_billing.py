"""Benchmark: the monthly rent billing against a raw batch create + post of the same invoices.

Run through ``bench/run`` (it prepares the database). Builds N agreements once (kept in the
database), then, alternately and each in a transaction rolled back afterwards:

- the billing run of a month for those agreements (schedule of dues, one posted invoice per payer,
  one bill per landlord), as the monthly job does it;
- a raw ``account.move`` batch create + ``action_post`` of exactly the same moves, in the same
  batches, with the same context (no tracking, no chatter).

Prints each measure, the ratio billing / raw (the target is at most 1.2) and the peak memory (RSS)
of each. Several rounds: the best of each is compared, so that a hiccup of the machine does not
decide.
"""

import argparse
import sys
import time
from datetime import date

from bench_common import PeakMemory, build_agreements, open_registry

from odoo import Command, api

MONTH = date(2025, 4, 1)


def bill(registry, programme_id):
    """The billing run of the month; returns (seconds, memory, batches of move values)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        run = (
            env["housing.billing.run"]
            .with_company(company)
            .create({"period_start": MONTH, "programme_ids": [Command.set([programme_id])]})
        )
        cr.flush()
        batches = []
        Run = type(run)
        original = Run._bill_dues

        def recording(self, dues):
            before = set(self.move_ids.ids)
            original(self, dues)
            self.invalidate_recordset(["move_ids"])
            batches.append(sorted(set(self.move_ids.ids) - before))

        Run._bill_dues = recording
        try:
            with PeakMemory() as memory:
                started = time.perf_counter()
                run._process()
                cr.flush()
                seconds = time.perf_counter() - started
        finally:
            Run._bill_dues = original
        counts = (run.agreement_count, run.line_count, run.invoice_count, run.bill_count, run.error_count)
        moves_vals = [[_move_values(move) for move in env["account.move"].browse(ids)] for ids in batches]
        cr.rollback()
    return seconds, memory, moves_vals, counts


def _move_values(move):
    return {
        "move_type": move.move_type,
        "partner_id": move.partner_id.id,
        "company_id": move.company_id.id,
        "journal_id": move.journal_id.id,
        "currency_id": move.currency_id.id,
        "invoice_date": move.invoice_date,
        "date": move.date,
        "invoice_date_due": move.invoice_date_due,
        "ref": move.ref,
        "invoice_origin": move.invoice_origin,
        "invoice_line_ids": [
            Command.create(
                {
                    "name": line.name,
                    "account_id": line.account_id.id,
                    "quantity": line.quantity,
                    "price_unit": line.price_unit,
                    "tax_ids": [Command.clear()],
                    "analytic_distribution": line.analytic_distribution,
                }
            )
            for line in move.invoice_line_ids
        ],
    }


def raw(registry, moves_vals):
    """The same moves, created and posted in the same batches, with the same context."""
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        Move = (
            env["account.move"]
            .with_company(company)
            .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        )
        with PeakMemory() as memory:
            started = time.perf_counter()
            for batch in moves_vals:
                Move.create(batch).action_post()
            cr.flush()
            seconds = time.perf_counter() - started
        cr.rollback()
    return seconds, memory


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--agreements", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    registry = open_registry(args.config, args.database)
    with registry.cursor() as cr:
        programme_id = build_agreements(api.Environment(cr, api.SUPERUSER_ID, {}), args.agreements).id

    ours, theirs = [], []
    for round_ in range(1, args.rounds + 1):
        seconds, memory, moves_vals, counts = bill(registry, programme_id)
        ours.append((seconds, memory))
        agreements, dues, invoices, bills, errors = counts
        print(
            f"round {round_}: billing run {seconds:7.1f} s, peak RSS {memory.peak_mb:6.0f} MB "
            f"(+{memory.growth_mb:.0f}) — {agreements} agreements, {dues} dues, {invoices} invoices, "
            f"{bills} landlord bills, {errors} errors",
            flush=True,
        )
        seconds, memory = raw(registry, moves_vals)
        theirs.append((seconds, memory))
        moves = sum(len(batch) for batch in moves_vals)
        print(
            f"round {round_}: raw create+post {seconds:7.1f} s, peak RSS {memory.peak_mb:6.0f} MB "
            f"(+{memory.growth_mb:.0f}) — {moves} moves in {len(moves_vals)} batches",
            flush=True,
        )
    best_ours = min(seconds for seconds, _memory in ours)
    best_raw = min(seconds for seconds, _memory in theirs)
    ratio = best_ours / best_raw
    print(
        f"RESULT agreements={args.agreements} billing={best_ours:.1f}s raw={best_raw:.1f}s "
        f"ratio={ratio:.2f} (target <= 1.20) "
        f"peak_rss_billing={max(m.peak_mb for _s, m in ours):.0f}MB "
        f"peak_rss_raw={max(m.peak_mb for _s, m in theirs):.0f}MB "
        f"invoices_per_second={counts[2] / best_ours:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
