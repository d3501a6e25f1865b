"""Benchmark: the funder pack's figures (the indicator engine) for 10,000 households over a year.

Run through ``bench/run indicators`` (it prepares the database). Builds once, by bulk SQL inserts (kept in the
database between runs: the benchmark measures reading, not writing), a year (2025) of 4 programmes: 10,000
households in 9,000 one-bed rooms (2,250 dwellings under head leases held since January 2024, each revised with the
IRL on 1 January 2025), a third of them with a child, 1,000 who
leave during the year and 2,000 who come in, their monthly dues (occupant, and the CAF for half of them) mostly
paid, arrears files, repayment plans, a support file per household with 6 meetings and 2 goals, collective
activities. Then, as a manager (record rules and companies applied), several rounds of:

- the engine for the year and all programmes (``housing.indicator._get_indicators``), and its peak memory;
- plain SQL counts of the same rows (one ``count``/``sum`` per table the engine reads, same filters): the ratio
  engine / counts is what the engine's work costs over merely reading the rows;
- the funder pack's data with its lists (``_funder_pack_data``) and its XLSX;
- the report views' server time: the ``read_group`` of each pivot (occupancy and vacancy, rent collections,
  support hours) and of the dashboard's charts, for the year; and the occupancy pivot over the whole history (from
  January 2024 to today: what the report computes when no period is filtered).

Prints the best of the rounds. Targets: the engine under 2 s, each report view under 1 s.
"""

import argparse
import sys
import time
from datetime import date

from bench_common import PeakMemory, open_registry, superuser_env

from odoo import api

HOUSEHOLDS = 10000
ROOMS = 9000
ROOMS_PER_UNIT = 4
PROGRAMMES = 4
CODE = "BENCHIND"
DATE_FROM, DATE_TO = date(2025, 1, 1), date(2025, 12, 31)


def build(env):
    """The year of data, by bulk inserts; once (a programme coded BENCHIND1 says it is there)."""
    cr = env.cr
    company = env.ref("base.main_company")
    if env["housing.programme"].search_count([("code", "=", f"{CODE}1")]):
        return
    print(f"building {HOUSEHOLDS} households over a year by bulk inserts...", flush=True)
    started = time.perf_counter()
    admin = env.ref("base.user_admin").id
    params = {
        "company": company.id,
        "admin": admin,
        "rooms": ROOMS,
        "households": HOUSEHOLDS,
        "per_unit": ROOMS_PER_UNIT,
        "programmes": PROGRAMMES,
        "code": CODE,
    }
    landlord = env["res.partner"].create({"name": "Bailleur bench indicateurs", "is_company": True})
    caf = env["res.partner"].create({"name": "CAF bench indicateurs", "is_company": True})
    params.update(landlord=landlord.id, caf=caf.id)
    cr.execute(
        """
        CREATE TEMP TABLE bench_programme AS
        SELECT i, nextval('housing_programme_id_seq') AS id FROM generate_series(1, %(programmes)s) i;
        INSERT INTO housing_programme (id, name, code, scheme_type, company_id, active, followup_visibility,
                                       date_start, places_target, create_uid, write_uid, create_date, write_date)
        SELECT id, 'Bench indicateurs ' || i, %(code)s || i, 'shared_home', %(company)s, TRUE, 'own',
               DATE '2024-01-01', 2500, %(admin)s, %(admin)s, now(), now()
          FROM bench_programme;

        CREATE TEMP TABLE bench_unit AS
        SELECT i, nextval('housing_unit_id_seq') AS id,
               (SELECT id FROM bench_programme WHERE bench_programme.i = 1 + u.i %% %(programmes)s) AS programme_id
          FROM generate_series(1, %(rooms)s / %(per_unit)s) AS u(i);
        INSERT INTO housing_unit (id, ref, name, programme_id, company_id, landlord_id, unit_type, active,
                                  room_count, capacity, occupied_beds, free_beds, state, scheme_type,
                                  create_uid, write_uid, create_date, write_date)
        SELECT id, 'BENCH-' || i, 'Logement bench ' || i, programme_id, %(company)s, %(landlord)s, 't4', TRUE,
               %(per_unit)s, %(per_unit)s, 0, %(per_unit)s, 'free', 'shared_home', %(admin)s, %(admin)s, now(), now()
          FROM bench_unit;

        CREATE TEMP TABLE bench_room AS
        SELECT r.i, nextval('housing_room_id_seq') AS id, u.id AS unit_id, u.programme_id
          FROM generate_series(1, %(rooms)s) AS r(i)
          JOIN bench_unit u ON u.i = 1 + (r.i - 1) / %(per_unit)s;
        INSERT INTO housing_room (id, unit_id, name, sequence, active, company_id, programme_id, capacity,
                                  occupied_beds, free_beds, state, create_uid, write_uid, create_date, write_date)
        SELECT id, unit_id, 'Chambre ' || i, 10, TRUE, %(company)s, programme_id, 1, 0, 1, 'free',
               %(admin)s, %(admin)s, now(), now()
          FROM bench_room;

        CREATE TEMP TABLE bench_lease AS
        SELECT u.i, nextval('housing_lease_id_seq') AS id, u.id AS unit_id, u.programme_id FROM bench_unit u;
        INSERT INTO housing_lease (id, name, unit_id, company_id, programme_id, landlord_id, lease_type, state,
                                   date_start, rent, charges, notice_months, review_months,
                                   create_uid, write_uid, create_date, write_date)
        SELECT id, 'BAIL-BENCH-' || i, unit_id, %(company)s, programme_id, %(landlord)s, 'sublet', 'running',
               DATE '2024-01-01', 1500, 200, 3, 6, %(admin)s, %(admin)s, now(), now()
          FROM bench_lease;

        -- each head lease revised with the IRL from 1 January 2025 (the vacancy cost prices each day at the rent
        -- in force that day)
        INSERT INTO housing_rent_revision (lease_id, company_id, anniversary_date, date, old_rent, new_rent,
                                           irl_new_id, irl_old_id, irl_new_value, irl_old_value, user_id,
                                           create_uid, write_uid, create_date, write_date)
        SELECT l.id, %(company)s, DATE '2025-01-01', DATE '2025-01-01', 1500, 1515, new.id, old.id, new.value,
               old.value, %(admin)s, %(admin)s, %(admin)s, now(), now()
          FROM bench_lease l
          JOIN housing_irl new ON new.year = 2024 AND new.quarter = 2
          JOIN housing_irl old ON old.year = 2023 AND old.quarter = 2;
        UPDATE housing_lease l SET rent = 1515 FROM bench_lease b WHERE b.id = l.id;

        -- households 1..8000 in rooms 1..8000 since 2024 (one in eight leaves in 2025); 8001..9000 come in
        -- January-March and leave in May-June; 9001..10000 take their rooms from July
        CREATE TEMP TABLE bench_household AS
        SELECT k, nextval('res_partner_id_seq') AS partner_id,
               CASE WHEN k <= %(rooms)s THEN k ELSE k - 1000 END AS room_index,
               CASE WHEN k <= 8000 THEN DATE '2024-01-01' + (k %% 300)
                    WHEN k <= 9000 THEN DATE '2025-01-10' + (k %% 60)
                    ELSE DATE '2025-07-01' + (k %% 60) END AS date_start,
               CASE WHEN k <= 8000 AND k %% 8 = 0 THEN DATE '2025-01-15' + (k %% 330)
                    WHEN k > 8000 AND k <= 9000 THEN DATE '2025-05-15' + (k %% 40) END AS exit_date,
               (ARRAY['permanent_housing', 'sliding_lease', 'shelter', 'family', 'unknown'])[1 + k %% 5]
                   AS destination,
               k %% 3 = 0 AS with_child
          FROM generate_series(1, %(households)s) k;
        INSERT INTO res_partner (id, name, complete_name, active, type, is_company, autopost_bills, lang,
                                 housing_birthdate, housing_relationship,
                                 create_uid, write_uid, create_date, write_date)
        SELECT partner_id, 'Ménage bench ' || k, 'Ménage bench ' || k, TRUE, 'contact', FALSE, 'ask', 'fr_FR',
               DATE '1950-01-01' + (k * 7 %% 18000), 'head', %(admin)s, %(admin)s, now(), now()
          FROM bench_household;
        CREATE TEMP TABLE bench_child AS
        SELECT h.k, nextval('res_partner_id_seq') AS partner_id, h.partner_id AS head_id
          FROM bench_household h WHERE h.with_child;
        INSERT INTO res_partner (id, name, complete_name, active, type, is_company, autopost_bills, lang,
                                 housing_birthdate, housing_relationship, housing_head_id,
                                 create_uid, write_uid, create_date, write_date)
        SELECT partner_id, 'Enfant bench ' || k, 'Enfant bench ' || k, TRUE, 'contact', FALSE, 'ask', 'fr_FR',
               DATE '2007-06-01' + (k * 13 %% 6500), 'child', head_id, %(admin)s, %(admin)s, now(), now()
          FROM bench_child;

        CREATE TEMP TABLE bench_occupancy AS
        SELECT h.*, nextval('housing_occupancy_id_seq') AS id, r.id AS room_id, r.unit_id, r.programme_id,
               l.id AS lease_id
          FROM bench_household h
          JOIN bench_room r ON r.i = h.room_index
          JOIN bench_lease l ON l.unit_id = r.unit_id;
        INSERT INTO housing_occupancy (id, name, occupancy_type, state, unit_id, room_id, lease_id, company_id,
                                       programme_id, partner_id, person_count, adult_count, child_count,
                                       date_start, exit_date, exit_destination, date_stop, rent, charges,
                                       amount_total, prorata_method, allowance_month_after_entry,
                                       create_uid, write_uid, create_date, write_date)
        SELECT id, 'CONV-BENCH-' || k, 'sublet', CASE WHEN exit_date IS NULL THEN 'active' ELSE 'ended' END,
               unit_id, room_id, lease_id, %(company)s, programme_id, partner_id,
               CASE WHEN with_child THEN 2 ELSE 1 END, 1, CASE WHEN with_child THEN 1 ELSE 0 END,
               date_start, exit_date, CASE WHEN exit_date IS NOT NULL THEN destination END,
               COALESCE(exit_date, date_start + 365), 400, 50, 450, 'actual', TRUE,
               %(admin)s, %(admin)s, now(), now()
          FROM bench_occupancy;
        INSERT INTO housing_occupancy_member_rel (occupancy_id, partner_id)
        SELECT o.id, c.partner_id FROM bench_occupancy o JOIN bench_child c ON c.head_id = o.partner_id;

        -- the dues of 2025: the occupant's share, the CAF's for even households; one in ten left unpaid
        CREATE TEMP TABLE bench_due AS
        SELECT o.id AS occupancy_id, o.k, o.partner_id, o.unit_id, o.programme_id, m.month::date AS period_start,
               (m.month + interval '1 month - 1 day')::date AS period_end,
               (LEAST((m.month + interval '1 month - 1 day')::date, COALESCE(o.exit_date, DATE '2025-12-31'))
                - GREATEST(m.month::date, o.date_start) + 1) AS days,
               (m.month + interval '1 month - 1 day')::date - m.month::date + 1 AS basis
          FROM bench_occupancy o
         CROSS JOIN LATERAL generate_series(
               date_trunc('month', GREATEST(o.date_start, DATE '2025-01-01')::timestamp),
               LEAST(COALESCE(o.exit_date, DATE '2025-12-31'), DATE '2025-12-31')::timestamp,
               interval '1 month') AS m(month);
        INSERT INTO housing_rent_line (occupancy_id, direction, payer_kind, partner_id, occupant_id, company_id,
                                       programme_id, unit_id, period_start, period_end, days, basis, amount,
                                       rent_amount, charges_amount, state, payment_state, amount_residual,
                                       date_due, create_uid, write_uid, create_date, write_date)
        SELECT d.occupancy_id, 'receivable', kind.payer_kind,
               CASE WHEN kind.payer_kind = 'occupant' THEN d.partner_id ELSE %(caf)s END, d.partner_id,
               %(company)s, d.programme_id, d.unit_id, d.period_start, d.period_end, d.days, d.basis,
               ROUND(kind.amount * d.days / d.basis, 2), ROUND(kind.amount * d.days / d.basis, 2), 0, 'billed',
               CASE WHEN d.k %% 10 = 0 AND kind.payer_kind = 'occupant' THEN 'not_paid' ELSE 'paid' END,
               CASE WHEN d.k %% 10 = 0 AND kind.payer_kind = 'occupant'
                    THEN ROUND(kind.amount * d.days / d.basis, 2) ELSE 0 END,
               d.period_start + 4, %(admin)s, %(admin)s, now(), now()
          FROM bench_due d
         CROSS JOIN LATERAL (VALUES ('occupant', 200.0), ('housing_allowance', 250.0)) AS kind(payer_kind, amount)
         WHERE kind.payer_kind = 'occupant' OR d.k %% 2 = 0;

        INSERT INTO housing_arrears (partner_id, company_id, occupancy_id, programme_id, unit_id, situation,
                                     in_arrears, monthly_share, amount_overdue, amount_over_90, months_owed,
                                     date_in_arrears, fsl_request_date, ccapex_date, plan_running,
                                     create_uid, write_uid, create_date, write_date)
        SELECT o.partner_id, %(company)s, o.id, o.programme_id, o.unit_id, 'arrears', TRUE, 200, 2000, 1400, 10,
               DATE '2025-03-06' + (o.k %% 200), CASE WHEN o.k %% 30 = 0 THEN DATE '2025-06-01' + (o.k %% 100) END,
               CASE WHEN o.k %% 50 = 0 THEN DATE '2025-09-01' + (o.k %% 60) END, o.k %% 40 = 0,
               %(admin)s, %(admin)s, now(), now()
          FROM bench_occupancy o WHERE o.k %% 10 = 0;
        INSERT INTO housing_repayment_plan (name, partner_id, company_id, occupancy_id, programme_id, amount,
                                            date_start, first_due_date, instalment_count, state, date_confirmed,
                                            date_closed, amount_paid, create_uid, write_uid, create_date, write_date)
        SELECT 'PLAN-BENCH-' || o.k, o.partner_id, %(company)s, o.id, o.programme_id, 1200,
               DATE '2025-04-01', DATE '2025-05-05', 12,
               (ARRAY['running', 'done', 'broken'])[1 + o.k %% 3], DATE '2025-04-01' + (o.k %% 60),
               CASE WHEN o.k %% 3 > 0 THEN DATE '2025-10-01' + (o.k %% 60) END, 0,
               %(admin)s, %(admin)s, now(), now()
          FROM bench_occupancy o WHERE o.k %% 40 = 0;

        -- a support file per household, 6 meetings held in 2025 and 2 goals each
        CREATE TEMP TABLE bench_followup AS
        SELECT o.k, nextval('housing_followup_id_seq') AS id, o.partner_id, o.programme_id, o.date_start
          FROM bench_occupancy o;
        INSERT INTO housing_followup (id, name, partner_id, user_id, programme_id, company_id, measure_type, state,
                                      date_start, active, create_uid, write_uid, create_date, write_date)
        SELECT id, 'SUIVI-BENCH-' || k, partner_id, %(admin)s, programme_id, %(company)s,
               (ARRAY['internal', 'asll', 'avdl', 'resorption'])[1 + k %% 4], 'active', date_start, TRUE,
               %(admin)s, %(admin)s, now(), now()
          FROM bench_followup;
        CREATE TEMP TABLE bench_meeting AS
        SELECT f.k, n, nextval('housing_followup_meeting_id_seq') AS id, f.id AS followup_id, f.partner_id,
               f.programme_id, TIMESTAMP '2025-01-06 09:00' + ((f.k %% 50) + n * 55) * interval '1 day' AS date
          FROM bench_followup f CROSS JOIN generate_series(0, 5) n;
        INSERT INTO housing_followup_meeting (id, name, followup_id, company_id, partner_id, programme_id, user_id,
                                              date, meeting_type, duration, state, create_uid, write_uid,
                                              create_date, write_date)
        SELECT id, 'RDV bench', followup_id, %(company)s, partner_id, programme_id, %(admin)s, date,
               (ARRAY['home_visit', 'office', 'phone', 'accompaniment'])[1 + (k + n) %% 4], 1 + (n %% 3) * 0.5,
               'done', %(admin)s, %(admin)s, now(), now()
          FROM bench_meeting;
        CREATE TEMP TABLE bench_domain AS
        SELECT id, (row_number() OVER (ORDER BY id) - 1)::integer AS r FROM housing_followup_domain;
        -- one domain per meeting, two for the first meeting of each file
        INSERT INTO housing_followup_meeting_domain_rel (meeting_id, domain_id)
        SELECT m.id, d.id FROM bench_meeting m
          JOIN bench_domain d ON d.r = (m.k + m.n) %% (SELECT count(*) FROM bench_domain)
                              OR (m.n = 0 AND d.r = (m.k + 5) %% (SELECT count(*) FROM bench_domain));
        INSERT INTO housing_followup_goal (followup_id, company_id, partner_id, programme_id, user_id, domain_id,
                                           name, state, date_done, is_open, create_uid, write_uid, create_date,
                                           write_date)
        SELECT f.id, %(company)s, f.partner_id, f.programme_id, %(admin)s,
               (SELECT id FROM bench_domain WHERE r = (f.k + n) %% (SELECT count(*) FROM bench_domain)),
               'Objectif bench', CASE WHEN n = 0 AND f.k %% 2 = 0 THEN 'done' ELSE 'ongoing' END,
               CASE WHEN n = 0 AND f.k %% 2 = 0 THEN DATE '2025-02-01' + (f.k %% 300) END,
               NOT (n = 0 AND f.k %% 2 = 0), %(admin)s, %(admin)s, now(), now()
          FROM bench_followup f CROSS JOIN generate_series(0, 1) n;
        INSERT INTO housing_collective_activity (name, activity_type, date, duration, state, programme_id,
                                                 company_id, attendee_count, attendee_hours, create_uid, write_uid,
                                                 create_date, write_date)
        SELECT 'Activité bench ' || a, 'conviviality', TIMESTAMP '2025-01-10 17:00' + (a %% 340) * interval '1 day',
               2, 'done', (SELECT id FROM bench_programme WHERE bench_programme.i = 1 + a %% %(programmes)s),
               %(company)s, 12, 24, %(admin)s, %(admin)s, now(), now()
          FROM generate_series(1, 400) a;
        """,
        params,
    )
    cr.execute("ANALYZE")
    cr.commit()
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def manager_env(cr):
    env = superuser_env(cr)
    admin = env.ref("base.user_admin")
    company = env.ref("base.main_company")
    return api.Environment(cr, admin.id, {"allowed_company_ids": company.ids, "lang": "fr_FR"})


def best(function, rounds):
    """``(best seconds, peak memory of the slowest round's block, result)`` over ``rounds`` calls."""
    times, memory, result = [], None, None
    for _round in range(rounds):
        with PeakMemory() as round_memory:
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
        memory = round_memory if memory is None or round_memory.peak > memory.peak else memory
    return min(times), memory, result


def plain_counts(env, programmes):
    """One plain count (or sum) per table the engine reads, with the same filters."""
    cr = env.cr
    ids = tuple(programmes.ids)
    queries = [
        (
            "SELECT count(*), count(DISTINCT partner_id) FROM housing_occupancy WHERE programme_id IN %(p)s "
            "AND state IN ('active', 'notice', 'ended') AND date_start <= %(t)s "
            "AND (exit_date IS NULL OR exit_date >= %(f)s)"
        ),
        (
            "SELECT count(*) FROM housing_occupancy_member_rel rel JOIN housing_occupancy o "
            "ON o.id = rel.occupancy_id WHERE o.programme_id IN %(p)s"
        ),
        "SELECT count(*), sum(r.capacity) FROM housing_room r JOIN housing_unit u ON u.id = r.unit_id "
        "WHERE u.programme_id IN %(p)s",
        "SELECT count(*), sum(rent) FROM housing_lease WHERE programme_id IN %(p)s",
        (
            "SELECT count(*), sum(amount), sum(amount_residual) FROM housing_rent_line WHERE programme_id IN %(p)s "
            "AND direction = 'receivable' AND period_start BETWEEN %(f)s AND %(t)s"
        ),
        "SELECT count(*) FROM housing_arrears WHERE programme_id IN %(p)s AND in_arrears",
        "SELECT count(*) FROM housing_repayment_plan WHERE programme_id IN %(p)s AND state <> 'draft'",
        "SELECT count(*) FROM housing_followup WHERE programme_id IN %(p)s AND date_start <= %(t)s",
        (
            "SELECT count(*), sum(duration) FROM housing_followup_meeting WHERE programme_id IN %(p)s "
            "AND state = 'done' AND date >= %(f)s AND date < %(t)s::date + 1"
        ),
        "SELECT count(*) FROM housing_followup_goal WHERE programme_id IN %(p)s",
        (
            "SELECT count(*), sum(attendee_hours) FROM housing_collective_activity WHERE programme_id IN %(p)s "
            "AND state = 'done' AND date >= %(f)s AND date < %(t)s::date + 1"
        ),
    ]
    for query in queries:
        cr.execute(query, {"p": ids, "f": DATE_FROM, "t": DATE_TO})
        cr.fetchall()


def report_views(env, programmes):
    """The read_group of each pivot and dashboard chart, for the year, as the web client asks it."""
    period = [("date", ">=", DATE_FROM), ("date", "<=", DATE_TO), ("programme_id", "in", programmes.ids)]
    occupancy = ["occupancy_rate:avg", "bed_days_vacant:sum", "vacancy_cost:sum"]
    return {
        "occupancy pivot (programme × month)": lambda: env["housing.occupancy.report"].formatted_read_group(
            period, ["programme_id", "date:month"], occupancy
        ),
        # without a period the report computes every month of the history (from January 2024 to today)
        "occupancy pivot (programme × month, whole history)": lambda: env[
            "housing.occupancy.report"
        ].formatted_read_group([("programme_id", "in", programmes.ids)], ["programme_id", "date:month"], occupancy),
        "collections pivot (programme, payer × month)": lambda: env["housing.collection.report"].formatted_read_group(
            period, ["programme_id", "payer_kind", "date:month"], ["billed:sum", "collected:sum", "amount_due:sum"]
        ),
        "support hours pivot (domain × programme)": lambda: env["housing.followup.hours.report"].formatted_read_group(
            period, ["domain_id", "programme_id"], ["hours:sum"]
        ),
        "entries chart (month)": lambda: env["housing.occupancy"].formatted_read_group(
            [("date_start", ">=", DATE_FROM), ("date_start", "<=", DATE_TO), ("programme_id", "in", programmes.ids)],
            ["date_start:month"],
            ["__count"],
        ),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    registry = open_registry(args.config, args.database)
    with registry.cursor() as cr:
        build(superuser_env(cr))

    with registry.cursor() as cr:
        env = manager_env(cr)
        programmes = env["housing.programme"].search([("code", "=like", f"{CODE}%")])
        engine = env["housing.indicator"]
        engine_s, engine_memory, figures = best(
            lambda: engine._get_indicators(programmes, DATE_FROM, DATE_TO), args.rounds
        )
        counts_s, _memory, _result = best(lambda: plain_counts(env, programmes), args.rounds)
        total = figures["total"]
        print(
            f"engine: {engine_s:.3f} s for {len(programmes)} programmes, {total['households_housed']} households, "
            f"{total['persons_housed']} persons, {total['bed_days_available']} bed-days, {total['entries']} entries, "
            f"{total['exits']} exits, {total['meetings']} meetings; peak RSS {engine_memory.peak_mb:.0f} MB "
            f"(+{engine_memory.growth_mb:.0f})",
            flush=True,
        )
        print(f"plain SQL counts of the same rows: {counts_s:.3f} s", flush=True)
        wizard = env["housing.funder.report.wizard"].create({"period_type": "year", "year": DATE_FROM.year})
        wizard.programme_ids = programmes
        pack_s, pack_memory, pack = best(wizard._funder_pack_data, 1)
        rows = sum(len(listing[3]) for listing in pack["lists"])
        xlsx_s, _memory, content = best(
            lambda: env["ir.actions.report"]._render_xlsx(
                "solidarity_housing.action_report_housing_funder_pack_xlsx", wizard.ids, data=None
            ),
            1,
        )
        print(
            f"funder pack data with its lists ({rows} rows): {pack_s:.3f} s, peak RSS {pack_memory.peak_mb:.0f} MB; "
            f"XLSX {len(content[0]) // 1024} KB in {xlsx_s:.3f} s",
            flush=True,
        )
        views = {}
        for name, function in report_views(env, programmes).items():
            views[name], _memory, _result = best(function, args.rounds)
            print(f"report view {name}: {views[name]:.3f} s", flush=True)
        cr.rollback()
    slowest = max(views.values())
    print(
        f"RESULT households={total['households_housed']} months=12 engine={engine_s:.3f}s "
        f"counts={counts_s:.3f}s ratio={engine_s / counts_s:.1f} (target: engine < 2 s) "
        f"peak_rss_engine={engine_memory.peak_mb:.0f}MB pack_with_lists={pack_s:.3f}s xlsx={xlsx_s:.3f}s "
        f"slowest_report_view={slowest:.3f}s (target < 1 s)"
    )
    return 0 if engine_s < 2 and slowest < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
