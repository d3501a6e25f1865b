"""Benchmark: a CAF statement of N lines imported, matched and validated, against registering its payments by hand.

Run through ``bench/run caf`` (it prepares the database). Builds N agreements whose allowance one CAF pays (the
association pays the rest), the occupants' CAF numbers, and bills two months, once (kept in the database). Then,
each in a transaction rolled back afterwards:

- the statement of the second month (N lines: monthly payments exact, by CAF number or, one line in ten, by name
  and amount; short and surplus payments left with the CAF or moved to the occupants; back-payments of the first
  month; overpayments recovered, owed by the occupant or contested; unknown beneficiaries) imported from its CSV,
  matched, and validated: one payment reconciled due by due, the credit notes and invoices of the differences;
- the same work by hand in Odoo's screens (through their own methods), twice:

  - *the baseline*: the payments grouped as Odoo's payment wizard (``account.payment.register``) registers them
    at best, one per CAF invoice for what the statement pays on it, and every difference the statement turns into
    a credit note or an invoice created, posted and matched through Odoo's standard flows, one per line (a credit
    note to the CAF matched with its invoice as an outstanding credit, the occupant's invoice or credit note, an
    invoice to the CAF for an allowance raised, paid with the wizard); what is left as the CAF's credit registered
    as one payment without invoice. The same entries as the statement's, but no due knows what paid it;
  - *line by line*, as an accountant ticks the statement: each line's payment registered with the wizard on its CAF
    invoice, then its difference as above. Each payment reconciles with an invoice of N lines, so its cost grows
    with N: it is timed on a sample of the lines (``--hand-sample``, every k-th line, the cases in their
    proportions) and extrapolated to the N lines, a lower bound of the time it takes.

Prints each measure, their ratio, the peak memory (RSS) of each, and checks every due's payment state.
"""

import argparse
import sys
import time
from collections import Counter
from datetime import date

from bench_common import PeakMemory, build_agreements, open_registry

from odoo import Command, api

PREVIOUS, MONTH = date(2025, 3, 1), date(2025, 4, 1)


def prepare(registry, count):
    """The agreements, the occupants' CAF numbers, both months billed (built once, committed)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        programme = build_agreements(env, count, per_caf=count, rest="association")
        company = programme.company_id
        agreements = env["housing.occupancy"].search([("programme_id", "=", programme.id)], order="id")
        caf = agreements[:1].share_ids.filtered(lambda share: share.payer_kind == "housing_allowance").partner_id
        Profile = env["housing.social.profile"]
        profiles = {
            profile.partner_id: profile for profile in Profile.search([("partner_id", "in", agreements.partner_id.ids)])
        }
        to_create = []
        for index, agreement in enumerate(agreements):
            number = caf_number(count, index)
            if agreement.partner_id not in profiles:
                to_create.append(
                    {"partner_id": agreement.partner_id.id, "company_id": company.id, "caf_number": number}
                )
            elif profiles[agreement.partner_id].caf_number != number:
                profiles[agreement.partner_id].caf_number = number
        Profile.create(to_create)
        cr.commit()
        for month in (PREVIOUS, MONTH):
            billed = env["housing.rent.line"].search_count(
                [("programme_id", "=", programme.id), ("period_start", "=", month), ("state", "=", "billed")], limit=1
            )
            if billed:
                continue
            print(f"billing {month:%B %Y}...", flush=True)
            started = time.perf_counter()
            run = (
                env["housing.billing.run"]
                .with_company(company)
                .create({"period_start": month, "programme_ids": [Command.set(programme.ids)]})
            )
            run._process()
            cr.commit()
            print(f"billed in {time.perf_counter() - started:.0f} s: {run.line_count} dues", flush=True)
        return programme.id, caf.id, agreements.ids


def caf_number(count, index):
    """The CAF number of the benchmark's occupant ``index`` (each size of benchmark its own numbers)."""
    return f"{(3000000 + count * 10 + index) % 10**7:07d}"


def statement_rows(env, agreement_ids, caf_id):
    """The statement's rows (see the module's docstring) and what each case expects of its due."""
    agreements = env["housing.occupancy"].browse(agreement_ids)
    dues = {
        (due.occupancy_id.id, due.period_start): due
        for due in env["housing.rent.line"].search(
            [
                ("occupancy_id", "in", agreement_ids),
                ("payer_kind", "=", "housing_allowance"),
                ("partner_id", "=", caf_id),
            ]
        )
    }
    count = len(agreements)
    cut = {  # bounds of each case, as a share of the lines
        "exact": int(count * 0.94),
        "less_keep": int(count * 0.948),
        "less_changed": int(count * 0.954),
        "more_keep": int(count * 0.957),
        "more_changed": int(count * 0.96),
        "rappel": int(count * 0.99),
        "indu_debt": int(count * 0.995),
        "indu_contested": int(count * 0.996),
    }
    rows, cases = [], []
    for index, agreement in enumerate(agreements):
        partner = agreement.partner_id
        number = caf_number(count, index)
        current = dues[(agreement.id, MONTH)].amount
        if index < cut["exact"]:
            rows.append(["" if index % 10 == 0 else number, partner.name, "04/2025", "Mensualité", current])
            cases.append("exact")
        elif index < cut["more_changed"]:
            case = next(
                name for name in ("less_keep", "less_changed", "more_keep", "more_changed") if index < cut[name]
            )
            delta = -20.0 if case.startswith("less") else 15.0
            rows.append([number, partner.name, "04/2025", "Mensualité", current + delta])
            cases.append(case)
        elif index < cut["rappel"]:
            # the back-payment of March of an occupant paid in April above
            other = agreements[index - cut["more_changed"]]
            rows.append(
                [
                    caf_number(count, index - cut["more_changed"]),
                    other.partner_id.name,
                    "03/2025",
                    "Rappel",
                    dues[(other.id, PREVIOUS)].amount,
                ]
            )
            cases.append("rappel")
        elif index < cut["indu_contested"]:
            case = "indu_debt" if index < cut["indu_debt"] else "indu_contested"
            rows.append([number, partner.name, "01/2025", "Indu", -35.0])
            cases.append(case)
        else:
            rows.append([f"{9000000 + index}", f"Inconnu {index}", "04/2025", "Mensualité", 200.0])
            cases.append("unknown")
    lines = ["N° allocataire;Nom;Mois;Nature;Montant"] + [
        ";".join([number, name, month, kind, f"{amount:.2f}".replace(".", ",")])
        for number, name, month, kind, amount in rows
    ]
    total = round(sum(row[4] for row in rows), 2)
    return ("\n".join(lines) + "\n").encode(), total, cases


def ours(registry, caf_id, agreement_ids):
    """Import, match and validate the statement; returns (seconds, memory, figures, amounts per invoice)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        env = env(context=dict(env.context, allowed_company_ids=company.ids))
        content, total, cases = statement_rows(env, agreement_ids, caf_id)
        mapping = env["housing.caf.statement.mapping"].create({"caf_partner_id": caf_id, "company_id": company.id})
        journal = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
        cr.flush()
        with PeakMemory() as memory:
            started = time.perf_counter()
            statement = env["housing.caf.statement"]._import_file(
                mapping, content, "releve.csv", total, date(2025, 4, 25), journal, period_start=MONTH
            )
            matched = time.perf_counter() - started
            lines = statement.line_ids.sorted("line_number")
            changed = lines.browse(
                [line.id for line, case in zip(lines, cases, strict=True) if case in ("less_changed", "more_changed")]
            )
            changed.write({"difference_action": "allowance_changed"})
            contested = lines.browse(
                [line.id for line, case in zip(lines, cases, strict=True) if case == "indu_contested"]
            )
            contested.write({"indu_action": "contested", "note": "Recours"})
            statement.action_validate()
            cr.flush()
            seconds = time.perf_counter() - started
        states = Counter(statement.line_ids.mapped("match_state"))
        dues = statement.line_ids.rent_line_id
        payment = Counter((due.payment_state, case) for due, case in _due_cases(statement, cases))
        expected_partial = sum(1 for case in cases if case == "less_keep")
        paid = sum(count for (state, _case), count in payment.items() if state == "paid")
        partial = sum(count for (state, _case), count in payment.items() if state == "partial")
        work = hand_work(statement)
        figures = {
            "lines": len(statement.line_ids),
            "states": dict(states),
            "dues": len(dues),
            "paid": paid,
            "partial": partial,
            "right": partial == expected_partial and paid + partial == len(dues),
            "payment": statement.payment_id.amount,
            "moves": len(statement.move_ids),
            "matching_seconds": matched,
        }
        cr.rollback()
    return seconds, memory, figures, work


def hand_work(statement):
    """What validating ``statement`` did, line by line, as plain values: what an accountant does by hand."""
    work = []
    for line in statement.line_ids.sorted("line_number"):
        due = line.rent_line_id
        work.append(
            {
                "kind": line.kind,
                "invoice_id": due.move_id.id,
                "settled": line.amount_settled,
                "credited": line.amount_credited,
                "unallocated": line.amount_unallocated,
                "occupant_amount": line.occupant_amount,
                "indu_kept": line.kind == "indu" and not line.occupant_move_id,
                "surplus_changed": line.kind != "indu" and line.occupant_amount < 0,
                "occupant_id": (due.occupant_id or line.partner_id).id,
                "occupancy_id": (due.occupancy_id or line.occupancy_id).id,
                "month": line.period_start,
            }
        )
    return work


def _due_cases(statement, cases):
    for line, case in zip(statement.line_ids.sorted("line_number"), cases, strict=True):
        if line.rent_line_id:
            yield line.rent_line_id, case


class HandWork:
    """An accountant's work in Odoo's screens, through their own methods: the payment wizard, the invoice form
    (create and post), the invoice's "outstanding credits" button."""

    DAY = date(2025, 4, 25)

    def __init__(self, env, caf_id, main_invoice):
        self.env, self.caf_id, self.main_invoice = env, caf_id, main_invoice
        self.accounting = env.company._housing_accounting()
        self.counts = Counter()

    def pay(self, invoice, amount):
        (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": round(amount, 2), "payment_date": self.DAY})
            ._create_payments()
        )
        self.counts["payments"] += 1

    def move(self, move_type, partner_id, amount, label):
        accounting = self.accounting
        created = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner_id,
                "journal_id": accounting["housing_sale_journal_id"].id,
                "invoice_date": self.DAY,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": accounting["housing_rent_product_id"].id,
                            "name": label,
                            "account_id": accounting["housing_rent_account_id"].id,
                            "quantity": 1,
                            "price_unit": round(amount, 2),
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        created.action_post()
        self.counts["moves"] += 1
        return created

    @staticmethod
    def match(invoice, credit_note):
        """The credit note pays (part of) the invoice, as its "outstanding credits" button does."""
        line = credit_note.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")
        if invoice.payment_state not in ("paid", "in_payment"):
            invoice.js_assign_outstanding_line(line.id)

    def line(self, item, own_invoices):
        """One line of the statement; returns what it leaves as the CAF's credit (below zero: the CAF's debt)."""
        caf_id = self.caf_id
        if item["kind"] == "indu":
            amount = item["occupant_amount"]
            if item["indu_kept"]:
                return 0.0  # contested: the transfer was that much lower, nothing to post by hand either
            # the CAF's credit note, matched with its invoice of the month: the transfer was that much lower
            self.match(self.main_invoice, self.move("out_refund", caf_id, amount, "Indu récupéré par la CAF"))
            self.move("out_invoice", item["occupant_id"], amount, "Indu d'allocation logement")
            return 0.0
        invoice = self.env["account.move"].browse(item["invoice_id"])
        if item["credited"]:
            self.match(invoice, self.move("out_refund", caf_id, item["credited"], "Allocation révisée par la CAF"))
            self.move("out_invoice", item["occupant_id"], item["credited"], "Allocation logement baissée")
        if item["surplus_changed"]:
            surplus = -item["occupant_amount"]
            self.pay(self.move("out_invoice", caf_id, surplus, "Allocation révisée par la CAF"), surplus)
            credit_note = self.move("out_refund", item["occupant_id"], surplus, "Allocation logement relevée")
            own = own_invoices.get((item["occupancy_id"], item["month"]))
            if own:
                self.match(own, credit_note)
        return item["unallocated"]

    def credit(self, amount):
        """What the transfer leaves as the CAF's credit: a payment without invoice."""
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.caf_id,
                "amount": round(amount, 2),
                "date": self.DAY,
            }
        )
        payment.action_post()
        self.counts["payments"] += 1


def by_hand(registry, caf_id, work, line_by_line=False, sample=None):
    """The same work by hand (see the module's docstring): returns ``(seconds, memory, payments, moves, lines)``;
    with ``sample``, the work of every k-th line only (``lines`` of them)."""
    if sample:
        work = work[:: max(len(work) // sample, 1)]
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        env = env(context=dict(env.context, allowed_company_ids=company.ids))
        own_invoices = {
            (due.occupancy_id.id, due.period_start): due.move_id
            for due in env["housing.rent.line"].search(
                [
                    ("occupancy_id", "in", [item["occupancy_id"] for item in work if item["surplus_changed"]]),
                    ("payer_kind", "=", "occupant"),
                    ("state", "=", "billed"),
                ]
            )
        }
        invoices = Counter(item["invoice_id"] for item in work if item["invoice_id"])
        hand = HandWork(env, caf_id, env["account.move"].browse(invoices.most_common(1)[0][0]))
        cr.flush()
        with PeakMemory() as memory:
            started = time.perf_counter()
            grouped = Counter()
            credit = 0.0
            for item in work:
                if item["settled"] and line_by_line:
                    hand.pay(env["account.move"].browse(item["invoice_id"]), item["settled"])
                elif item["settled"]:
                    grouped[item["invoice_id"]] += item["settled"]
                credit += hand.line(item, own_invoices)
            for invoice_id, amount in grouped.items():
                hand.pay(env["account.move"].browse(invoice_id), amount)
            if round(credit, 2) > 0:
                hand.credit(credit)
            cr.flush()
            seconds = time.perf_counter() - started
        cr.rollback()
    return seconds, memory, hand.counts["payments"], hand.counts["moves"], len(work)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--lines", type=int, default=5000, help="lines of the statement (= agreements)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--hand-sample", type=int, default=40, help="lines registered line by line by hand, extrapolated (0: none)"
    )
    args = parser.parse_args()

    registry = open_registry(args.config, args.database)
    _programme_id, caf_id, agreement_ids = prepare(registry, args.lines)
    results, hands, ticks = [], [], []
    for round_ in range(1, args.rounds + 1):
        seconds, memory, figures, work = ours(registry, caf_id, agreement_ids)
        results.append((seconds, memory, figures))
        print(
            f"round {round_}: statement {seconds:7.1f} s (import and matching {figures['matching_seconds']:.1f} s), "
            f"peak RSS {memory.peak_mb:6.0f} MB (+{memory.growth_mb:.0f}) — {figures['lines']} lines "
            f"{figures['states']}, {figures['dues']} dues: {figures['paid']} paid, {figures['partial']} partly paid "
            f"({'right' if figures['right'] else 'WRONG'}), payment {figures['payment']:.2f}, "
            f"{figures['moves']} credit notes and invoices",
            flush=True,
        )
        seconds, memory, payments, moves, _lines = by_hand(registry, caf_id, work)
        hands.append((seconds, memory))
        print(
            f"round {round_}: by hand, one payment per CAF invoice and every difference {seconds:7.1f} s, peak RSS "
            f"{memory.peak_mb:6.0f} MB (+{memory.growth_mb:.0f}) — {payments} payments, {moves} credit notes and "
            "invoices",
            flush=True,
        )
        if args.hand_sample:
            seconds, memory, payments, moves, lines = by_hand(
                registry, caf_id, work, line_by_line=True, sample=args.hand_sample
            )
            ticks.append(seconds * len(work) / lines)
            print(
                f"round {round_}: by hand, line by line: {lines} lines in {seconds:.1f} s ({payments} payments, "
                f"{moves} credit notes and invoices), {seconds / lines:.2f} s a line, {ticks[-1]:.0f} s for "
                f"{len(work)} lines (extrapolated, at least)",
                flush=True,
            )
    best = min(seconds for seconds, _memory, _figures in results)
    best_hand = min(seconds for seconds, _memory in hands)
    line_by_line = (
        f" by_hand_line_by_line>={min(ticks):.0f}s ratio_line_by_line<={best / min(ticks):.3f}" if ticks else ""
    )
    print(
        f"RESULT lines={args.lines} statement={best:.1f}s by_hand={best_hand:.1f}s ratio={best / best_hand:.2f}"
        f"{line_by_line} peak_rss_statement={max(m.peak_mb for _s, m, _f in results):.0f}MB "
        f"peak_rss_by_hand={max(m.peak_mb for _s, m in hands):.0f}MB "
        f"lines_per_second={args.lines / best:.0f} states_right={all(f['right'] for _s, _m, f in results)}"
    )
    return 0 if all(f["right"] for _s, _m, f in results) else 1


if __name__ == "__main__":
    sys.exit(main())
