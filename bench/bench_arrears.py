"""Benchmark: the arrears figures of 10,000 households, and the arrears screen's server time.

Run through ``bench/run arrears`` (it prepares the database). Builds N agreements once (kept in the
database, as the billing benchmark does) with two past months of occupant dues billed and unpaid (bulk
inserted: the billing itself is measured by ``bench/run billing``), then, each in a transaction rolled back:

- the refresh of every household's arrears (the nightly job's work: files created the first time, then
  brought up to date), against a plain ``_read_group`` of the same unpaid dues by household, in the same run;
- the incremental refresh of one household (what a payment costs when it is committed);
- what opening the arrears screen costs on the server: the action, its views (``get_views``, built again), the
  first page of the list with its fields and the screen's default filter, the count and the totals
  (``web_search_read`` + ``web_read_group``), as the web client asks them.

Prints each time, the ratio refresh / read_group, the screen's server time (target < 1 s) and the peak memory.
"""

import argparse
import sys
import time
from datetime import timedelta

from bench_common import build_agreements, open_registry, superuser_env, timed
from lxml import etree

from odoo import fields
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval


def bill_two_months(env, programme):
    """Two past months of occupant dues for every agreement of ``programme``, billed and unpaid (bulk)."""
    from odoo.addons.solidarity_housing.tools.housing_math import add_months, month_end, month_start  # noqa: PLC0415

    today = fields.Date.context_today(env["housing.arrears"])
    months = [add_months(month_start(today), -back) for back in (2, 1)]
    env.cr.execute(
        SQL(
            """
            INSERT INTO housing_rent_line (
                occupancy_id, share_id, direction, payer_kind, partner_id, company_id, programme_id, unit_id,
                occupant_id, period_start, period_end, days, basis, rent_amount, charges_amount, amount, state,
                payment_state, amount_residual, date_due, create_uid, write_uid, create_date, write_date)
            SELECT o.id, s.id, 'receivable', 'occupant', o.partner_id, o.company_id, o.programme_id, o.unit_id,
                   o.partner_id, m.start, m.stop, 30, 30, o.rent - caf.amount, o.charges,
                   o.rent + o.charges - caf.amount, 'billed', 'not_paid', o.rent + o.charges - caf.amount,
                   m.start + 4, 1, 1, now(), now()
              FROM housing_occupancy o
              JOIN housing_occupancy_share s ON s.occupancy_id = o.id AND s.payer_kind = 'occupant'
              JOIN housing_occupancy_share caf ON caf.occupancy_id = o.id AND caf.payer_kind = 'housing_allowance'
             CROSS JOIN (VALUES (%(m1)s::date, %(e1)s::date), (%(m2)s::date, %(e2)s::date)) AS m (start, stop)
             WHERE o.programme_id = %(programme)s
            ON CONFLICT DO NOTHING
            """,
            m1=months[0],
            e1=month_end(months[0]),
            m2=months[1],
            e2=month_end(months[1]),
            programme=programme.id,
        )
    )
    env.cr.commit()
    return months


def refresh_all(registry, company_id):
    """The refresh of every household: the first one (files created), then the next night's (files there, the
    ageing one day on), each timed, in one transaction rolled back."""
    with registry.cursor() as cr:
        env = superuser_env(cr)
        company = env["res.company"].browse(company_id)
        Arrears = env["housing.arrears"]
        today = fields.Date.context_today(Arrears)
        first, first_memory, files = timed(lambda: (Arrears._refresh(companies=company, today=today), cr.flush())[0])
        in_arrears = len(files.filtered("in_arrears"))
        env.invalidate_all()
        tomorrow = today + timedelta(days=1)
        nightly, memory, _files = timed(lambda: (Arrears._refresh(companies=company, today=tomorrow), cr.flush()))
        cr.rollback()
    return first, first_memory, nightly, memory, len(files), in_arrears


def read_group_dues(registry, company_id):
    with registry.cursor() as cr:
        env = superuser_env(cr)
        seconds, memory, groups = timed(
            env["housing.rent.line"]._read_group,
            [
                ("company_id", "=", company_id),
                ("payer_kind", "=", "occupant"),
                ("state", "=", "billed"),
                ("amount_residual", "!=", 0),
            ],
            ["occupant_id", "date_due:day"],
            ["amount_residual:sum"],
        )
        cr.rollback()
    return seconds, memory, len(groups)


def refresh_one(registry, company_id):
    """The incremental refresh of one household, once every household has its file."""
    with registry.cursor() as cr:
        env = superuser_env(cr)
        company = env["res.company"].browse(company_id)
        env["housing.arrears"]._refresh(companies=company)
        cr.flush()
        partner = env["housing.arrears"].search([("company_id", "=", company_id)], limit=1).partner_id
        seconds, memory, _result = timed(
            lambda: (env["housing.arrears"]._touch({(company_id, partner.id)}), cr.flush())
        )
        cr.rollback()
    return seconds, memory


def open_screen(registry, company_id, user_login="admin"):
    """What the web client asks when the arrears menu is opened: the action, the views, a page of the list with the
    screen's default filter, the count and the totals. Timed from the click to the last answer; the first round
    builds the views (as the first opening after a restart), the next ones find them in Odoo's cache."""
    with registry.cursor() as cr:
        env = superuser_env(cr)
        user = env["res.users"].search([("login", "=", user_login)], limit=1)
        env = env(user=user.id, context={"allowed_company_ids": [company_id], "lang": user.lang or "en_US"})
        Arrears = env["housing.arrears"]
        env["housing.arrears"].sudo()._refresh(companies=env["res.company"].browse(company_id))
        cr.flush()
        env.invalidate_all()

        def screen():
            action = Arrears.action_open_arrears()
            views = Arrears.get_views([(False, "list"), (False, "search")], {"action_id": action["id"]})
            domain = default_filter_domain(action, views["views"]["search"]["arch"])
            fields = views["models"]["housing.arrears"]["fields"]
            spec = {
                name: ({"fields": {"display_name": {}}} if fields[name]["type"] == "many2one" else {})
                for name in fields
                if fields[name]["type"] not in ("one2many", "many2many")
            }
            page = Arrears.web_search_read(domain, spec, limit=80, count_limit=10001)
            Arrears.web_read_group(domain, ["programme_id"], ["amount_overdue:sum", "months_owed:max"])
            return page, domain

        seconds, memory, (page, domain) = timed(screen)
        cr.rollback()
    return seconds, memory, page["length"], domain


def default_filter_domain(action, search_arch):
    """The domain of the filters the action turns on (``search_default_<name>`` in its context)."""
    context = safe_eval(action.get("context") or "{}")
    names = {key.removeprefix("search_default_") for key, value in context.items() if key.startswith("search_default_")}
    filters = etree.fromstring(search_arch).iter("filter")
    domains = [safe_eval(node.get("domain")) for node in filters if node.get("name") in names]
    return list(Domain.AND(domains)) if domains else []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--households", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    registry = open_registry(args.config, args.database)
    with registry.cursor() as cr:
        env = superuser_env(cr)
        programme = build_agreements(env, args.households)
        company_id = programme.company_id.id
        started = time.perf_counter()
        months = bill_two_months(env, programme)
        print(f"dues of {months[0]} and {months[1]} in place in {time.perf_counter() - started:.1f} s", flush=True)

    firsts, ours, baseline, screens = [], [], [], []
    for round_ in range(1, args.rounds + 1):
        first, first_memory, nightly, memory, files, in_arrears = refresh_all(registry, company_id)
        firsts.append(first)
        ours.append((nightly, memory))
        print(
            f"round {round_}: first refresh (files created) {first:6.2f} s, peak RSS {first_memory.peak_mb:5.0f} MB; "
            f"nightly refresh {nightly:6.2f} s, peak RSS {memory.peak_mb:5.0f} MB — {files} households, "
            f"{in_arrears} in arrears",
            flush=True,
        )
        seconds, memory, groups = read_group_dues(registry, company_id)
        baseline.append((seconds, memory))
        print(f"round {round_}: read_group of the unpaid dues {seconds:6.2f} s — {groups} groups", flush=True)
    one_seconds, _memory = refresh_one(registry, company_id)
    print(f"incremental refresh of one household (a payment committed): {one_seconds * 1000:.0f} ms", flush=True)
    for round_ in range(1, args.rounds + 1):
        seconds, memory, count, domain = open_screen(registry, company_id)
        screens.append(seconds)
        print(
            f"round {round_}: arrears screen (action, views, list with its default filter {domain}, totals), "
            f"server side {seconds:5.2f} s — {count} households listed",
            flush=True,
        )
    best, base = min(s for s, _m in ours), min(s for s, _m in baseline)
    print(
        f"RESULT households={args.households} nightly_refresh={best:.2f}s read_group={base:.2f}s "
        f"ratio={best / base:.0f} first_refresh={min(firsts):.2f}s incremental_one={one_seconds * 1000:.0f}ms "
        f"screen={min(screens):.2f}s first_screen={screens[0]:.2f}s (target < 1 s) "
        f"peak_rss_refresh={max(m.peak_mb for _s, m in ours):.0f}MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
