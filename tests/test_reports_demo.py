import statistics
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..tools import housing_math as hm
from ..tools import indicator_math as im

SIGNED = ("active", "notice", "ended")
FAR = date(9999, 12, 31)


@tagged("post_install", "-at_install")
class TestReportsDemo(TransactionCase):
    """The engine on the demo data against the same figures recomputed from the records in plain Python, day by
    day and record by record (no SQL, no grouping): the two must agree on every figure of every programme."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.programmes = cls.env["housing.programme"].search([("company_id", "=", cls.env.ref("base.main_company").id)])
        today = fields.Date.context_today(cls.env["housing.programme"])
        cls.date_to = hm.month_start(today) - timedelta(days=1)
        cls.date_from = hm.add_months(hm.month_start(today), -12)

    def test_engine_agrees_with_the_records(self):
        if not self.env.ref("solidarity_housing.programme_shared_homes_demo", raise_if_not_found=False):
            # bin/test always loads it (and fails on a skipped test); Odoo's own runner loads it with --with-demo
            self.skipTest("the addon's demo data is not loaded")
        self.assertTrue(self.programmes, "the demo data has programmes")
        admin = self.env.ref("base.user_admin")
        engine = self.env["housing.indicator"].with_user(admin).with_company(self.env.ref("base.main_company"))
        figures = engine._get_indicators(self.programmes, self.date_from, self.date_to)
        expected = self._recompute()
        core = {"households", "places", "movements", "money", "followup"}
        layout_keys = {
            key for section, _title, items in engine._indicator_layout() if section in core for key, *_ in items
        }
        self.assertEqual(layout_keys - set(expected["total"]), set(), "every figure of the core sections is recomputed")
        for target in [*self.programmes.ids, "total"]:
            for key, value in expected[target].items():
                self.assertEqual(figures[target][key], value, f"{key} of {target}")
        total = figures["total"]
        # the demo data makes the figures worth reading
        self.assertGreater(total["bed_days_vacant"], 0)
        self.assertGreater(total["vacancy_cost"], 0)
        self.assertGreaterEqual(total["households_in_arrears"], 1)
        self.assertGreaterEqual(len(total["exits_by_destination"]), 3)
        self.assertGreater(total["minors_housed"], 0)
        self.assertGreater(total["meeting_hours"], 0)

    # ------------------------------------------------------------------ plain Python
    def _recompute(self):
        result = {programme.id: {} for programme in self.programmes}
        result["total"] = {}
        by_target = {programme.id: [programme.id] for programme in self.programmes}
        by_target["total"] = self.programmes.ids
        for target, programme_ids in by_target.items():
            figures = result[target]
            figures.update(self._tenancy(programme_ids))
            figures.update(self._places(programme_ids))
            figures.update(self._money(programme_ids, figures["households_housed"]))
            figures.update(self._followup(programme_ids))
        return result

    def _agreements(self, programme_ids):
        agreements = self.env["housing.occupancy"].search([])
        return agreements.filtered(
            lambda occ: (
                occ.programme_id.id in programme_ids
                and occ.state in SIGNED
                and occ.date_start <= self.date_to
                and (not occ.exit_date or occ.exit_date >= self.date_from)
            )
        )

    def _tenancy(self, programme_ids):
        start, end = self.date_from, self.date_to
        agreements = self._agreements(programme_ids)
        last_day = {}
        present_start, present_end = set(), set()
        for occ in agreements:
            for person in occ.partner_id | occ.member_ids:
                day = min(occ.exit_date or end, end)
                last_day[person] = max(last_day.get(person, day), day)
                if occ.date_start <= start:
                    present_start.add(person)
                if not occ.exit_date or occ.exit_date >= end:
                    present_end.add(person)
        bands = defaultdict(int)
        for person, day in last_day.items():
            if person.housing_birthdate:
                band = im.age_band(hm.age_in_years(person.housing_birthdate, day))
                if band:
                    bands[band] += 1
        exits = agreements.filtered(lambda occ: occ.exit_date and occ.exit_date <= end)
        present = agreements.filtered(lambda occ: not occ.exit_date or occ.exit_date >= end)
        labels = dict(self.env["housing.occupancy"]._fields["exit_destination"]._description_selection(self.env))
        destinations = defaultdict(int)
        for occ in exits:
            destinations[labels[occ.exit_destination or "unknown"]] += 1
        permanent = len(exits.filtered(lambda occ: occ.exit_destination in im.PERMANENT_DESTINATIONS))
        stays = [(occ.exit_date - occ.date_start).days + 1 for occ in exits]
        so_far = [(end - occ.date_start).days + 1 for occ in present]
        minors = sum(bands.values())
        return {
            "households_housed": len(agreements.partner_id),
            "households_present_start": len(agreements.filtered(lambda occ: occ.date_start <= start).partner_id),
            "households_present_end": len(present.partner_id),
            "persons_housed": len(last_day),
            "adults_housed": len(last_day) - minors,
            "minors_housed": minors,
            **{key: bands[key] for _first, _last, key in im.AGE_BANDS},
            "persons_present_start": len(present_start),
            "persons_present_end": len(present_end),
            "entries": len(agreements.filtered(lambda occ: occ.date_start >= start)),
            "exits": len(exits),
            "exits_by_destination": dict(destinations),
            "exits_permanent": permanent,
            "exits_permanent_rate": im.rate(permanent, len(exits)),
            "stay_days_average_exits": im.average(stays),
            "stay_days_median_exits": im.median(stays),
            "stay_days_average_present": im.average(so_far),
            "stay_days_median_present": im.median(so_far),
        }

    def _places(self, programme_ids):
        """Bed-days day by day: a bed is available on a day its dwelling is held (a head lease, or from its first
        agreement without one), occupied by the persons of the agreements covering the day."""
        rooms = (
            self.env["housing.room"]
            .with_context(active_test=False)
            .search([])
            .filtered(lambda room: room.unit_id.programme_id.id in programme_ids and room.capacity > 0)
        )
        all_agreements = self.env["housing.occupancy"].search([]).filtered(lambda occ: occ.state in SIGNED)
        available = occupied = places = 0
        vacancy_cost = 0.0
        for room in rooms:
            unit = room.unit_id
            leases = unit.with_context(active_test=False).lease_ids.filtered(
                lambda lease: lease.state in ("running", "notice", "ended")
            )
            agreements = all_agreements.filtered(
                lambda occ, room=room: occ.room_id == room or (not occ.room_id and occ.unit_id == room.unit_id)
            )
            if leases:
                # the rent of each day is the one in force that day (IRL revisions overwrite the lease's rent)
                held = [
                    (
                        lease.date_start,
                        lease.date_end or FAR,
                        lambda day, lease=lease: (
                            0.0 if lease.lease_type == "management_mandate" else lease._rent_at(day) + lease.charges
                        ),
                    )
                    for lease in leases
                ]
            else:
                firsts = [
                    day
                    for day in [
                        unit.programme_id.date_start,
                        *all_agreements.filtered(lambda occ, unit=unit: occ.unit_id == unit).mapped("date_start"),
                    ]
                    if day
                ]
                held = [(min(firsts) if firsts else unit.create_date.date(), FAR, lambda day: 0.0)]
            if room.active and unit.active:
                until = FAR
            else:
                until = max((occ.exit_date or FAR for occ in agreements), default=date.min)
            month_cost = defaultdict(float)
            day = self.date_from
            while day <= self.date_to:
                holding = [cost(day) for first, last, cost in held if first <= day <= min(last, until)]
                if holding:
                    beds = room.capacity * len(holding)
                    used = sum(
                        room.capacity if not occ.room_id else min(room.capacity, occ.person_count)
                        for occ in agreements
                        if occ.date_start <= day and (not occ.exit_date or day <= occ.exit_date)
                    )
                    used = min(used, beds)  # agreements overlapping in a room fill its beds once
                    available += beds
                    occupied += used
                    month_days = (hm.month_end(day) - hm.month_start(day)).days + 1
                    per_bed_day = sum(holding) / len(holding) / (max(unit.capacity, room.capacity) * month_days)
                    month_cost[hm.month_start(day)] += (beds - used) * per_bed_day
                    if day == self.date_to:
                        places += beds
                day += timedelta(days=1)
            vacancy_cost += sum(month_cost.values())
        return {
            "places": places,
            "bed_days_available": available,
            "bed_days_occupied": occupied,
            "bed_days_vacant": available - occupied,
            "occupancy_rate": im.rate(occupied, available),
            "vacancy_cost": round(vacancy_cost, 2),
        }

    def _money(self, programme_ids, households_housed):
        dues = (
            self.env["housing.rent.line"]
            .search([])
            .filtered(
                lambda due: (
                    due.programme_id.id in programme_ids
                    and due.direction == "receivable"
                    and due.occupancy_id
                    and self.date_from <= due.period_start <= self.date_to
                )
            )
        )
        billed = dues.filtered(lambda due: due.state == "billed" and due.payment_state != "credited")
        by_kind = {
            kind: sum(billed.filtered(lambda due, kind=kind: due.payer_kind == kind).mapped("amount"))
            for kind in ("occupant", "housing_allowance", "funder")
        }
        total = sum(by_kind.values())
        collected = sum(due.amount - due.amount_residual for due in billed)
        arrears = self.env["housing.arrears"].search([]).filtered(lambda file: file.programme_id.id in programme_ids)
        in_arrears = self._in_arrears(self._agreements(programme_ids))
        plans = (
            self.env["housing.repayment.plan"].search([]).filtered(lambda plan: plan.programme_id.id in programme_ids)
        )

        def within(day):
            return bool(day) and self.date_from <= day <= self.date_to

        return {
            "billed_occupant": round(by_kind["occupant"], 2),
            "billed_allowance": round(by_kind["housing_allowance"], 2),
            "billed_funder": round(by_kind["funder"], 2),
            "billed_total": round(total, 2),
            "association_share": round(
                sum(dues.filtered(lambda due: due.payer_kind == "association").mapped("amount")), 2
            ),
            "collected": round(collected, 2),
            "amount_due": round(sum(billed.mapped("amount_residual")), 2),
            "collection_rate": im.rate(round(collected, 2), round(total, 2)),
            "households_in_arrears": len(in_arrears),
            "arrears_rate": im.rate(len(in_arrears), households_housed),
            "plans_opened": len(plans.filtered(lambda plan: plan.state != "draft" and within(plan.date_confirmed))),
            "plans_kept": len(plans.filtered(lambda plan: plan.state == "done" and within(plan.date_closed))),
            "plans_broken": len(plans.filtered(lambda plan: plan.state == "broken" and within(plan.date_closed))),
            "fsl_requests": len(arrears.filtered(lambda file: within(file.fsl_request_date))),
            "ccapex_referrals": len(arrears.filtered(lambda file: within(file.ccapex_date))),
        }

    def _in_arrears(self, agreements):
        """The households of ``agreements`` who owed, on a day of the period, the threshold of months of their net
        share: day by day from their dues and the money they paid (dated), oldest dues first."""
        start, end = self.date_from, self.date_to
        dues = (
            self.env["housing.rent.line"]
            .search([])
            .filtered(
                lambda due: (
                    due.direction == "receivable"
                    and due.payer_kind == "occupant"
                    and due.state == "billed"
                    and due.occupancy_id
                    and due.payment_state != "credited"
                )
            )
        )
        households = set()
        for company, partner in {(occ.company_id, occ.partner_id) for occ in agreements}:
            mine = dues.filtered(lambda due, c=company, p=partner: due.company_id == c and due.occupant_id == p)
            events = []  # (day, what it adds to what is owed)
            full_months = defaultdict(float)
            for due in mine:
                due_day = due.date_due or due.period_start
                if due.amount > 0:
                    events.append((due_day + timedelta(days=1), due.amount))
                    if due.move_id:
                        total = abs(due.move_id.amount_total_signed)
                        for line in due.move_id.line_ids.filtered(lambda line: line.display_type == "payment_term"):
                            for partial in line.matched_credit_ids:
                                events.append((partial.credit_move_id.date, -partial.amount * due.amount / total))
                    else:
                        events.append((due_day, -(due.amount - due.amount_residual)))
                    if due.days == (due.period_end - due.period_start).days + 1 and due.period_start <= end:
                        full_months[due.period_start] += due.amount
                elif due.amount < 0 and due.amount_residual < 0:
                    events.append((due_day, due.amount_residual))
            unmatched = self.env["account.move.line"].search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "=", partner.id),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("amount_residual", "<", 0),
                    ("move_id.move_type", "=", "entry"),
                ]
            )
            events += [(line.date, line.amount_residual) for line in unmatched]
            file = self.env["housing.arrears"].search(
                [("company_id", "=", company.id), ("partner_id", "=", partner.id)]
            )
            share = full_months[max(full_months)] if full_months else file.monthly_share
            if share <= 0:
                continue
            days = {start} | {day for day, _amount in events if start < day <= end}
            most = max(max(0, sum(amount for day_, amount in events if day_ <= day)) for day in days)
            months = Decimal(str(most / share)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if months >= Decimal(str(company.housing_arrears_alert_months)):
                households.add(partner)
        return households

    def _followup(self, programme_ids):
        start = datetime.combine(self.date_from, time.min)
        end = datetime.combine(self.date_to + timedelta(days=1), time.min)
        files = (
            self.env["housing.followup"]
            .with_context(active_test=False)
            .search([])
            .filtered(
                lambda file: (
                    file.programme_id.id in programme_ids
                    and file.date_start <= self.date_to
                    and (not file.date_closed or file.date_closed >= self.date_from)
                )
            )
        )
        measures = dict(self.env["housing.followup"]._fields["measure_type"]._description_selection(self.env))
        types = dict(self.env["housing.followup.meeting"]._fields["meeting_type"]._description_selection(self.env))
        meetings = (
            self.env["housing.followup.meeting"]
            .search([])
            .filtered(
                lambda meeting: (
                    meeting.programme_id.id in programme_ids and meeting.state == "done" and start <= meeting.date < end
                )
            )
        )
        by_measure, by_type, hours_by_type = defaultdict(int), defaultdict(int), defaultdict(float)
        by_domain, hours_by_domain = defaultdict(int), defaultdict(float)
        for file in files:
            by_measure[measures[file.measure_type]] += 1
        for meeting in meetings:
            by_type[types[meeting.meeting_type]] += 1
            hours_by_type[types[meeting.meeting_type]] += meeting.duration
            names = meeting.domain_ids.mapped("name") or ["No domain"]
            for name in names:
                by_domain[name] += 1
                hours_by_domain[name] += meeting.duration / len(names)
        goals = self.env["housing.followup.goal"].search([]).filtered(lambda goal: goal.followup_id in files)
        goals_set, goals_done = defaultdict(int), defaultdict(int)
        for goal in goals:
            # set on the day it was recorded (or reached, if earlier); pursued in the period; a dropped goal only
            # in the period it was set
            set_day = min(goal.create_date.date(), goal.date_done or date.max)
            pursued = {
                "done": goal.date_done and goal.date_done >= self.date_from,
                "dropped": set_day >= self.date_from,
            }.get(goal.state, True)
            if set_day <= self.date_to and pursued:
                goals_set[goal.domain_id.name] += 1
            if goal.state == "done" and self.date_from <= goal.date_done <= self.date_to:
                goals_done[goal.domain_id.name] += 1
        activities = (
            self.env["housing.collective.activity"]
            .search([])
            .filtered(
                lambda activity: (
                    activity.programme_id.id in programme_ids
                    and activity.state == "done"
                    and start <= activity.date < end
                )
            )
        )
        return {
            "followups_open": len(files),
            "followups_by_measure": dict(by_measure),
            "households_met": len(meetings.partner_id),
            "meetings": len(meetings),
            "meeting_hours": round(sum(meetings.mapped("duration")), 2),
            "meetings_by_type": dict(by_type),
            "meeting_hours_by_type": {key: round(value, 2) for key, value in hours_by_type.items()},
            "meetings_by_domain": dict(by_domain),
            "meeting_hours_by_domain": {key: round(value, 2) for key, value in hours_by_domain.items()},
            "goals_set": sum(goals_set.values()),
            "goals_achieved": sum(goals_done.values()),
            "goals_set_by_domain": dict(goals_set),
            "goals_achieved_by_domain": dict(goals_done),
            "collective_activities": len(activities),
            "collective_hours": round(sum(activities.mapped("duration")), 2),
            "attendees": sum(activities.mapped("attendee_count")),
            "attendee_hours": round(sum(activities.mapped("attendee_hours")), 2),
        }

    def test_python_medians_are_postgres_medians(self):
        """The plain-Python median used above is the one PostgreSQL's percentile_cont gives."""
        self.env.cr.execute("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(%s) x", [[4, 1, 9, 2]])
        self.assertEqual(self.env.cr.fetchone()[0], statistics.median([4, 1, 9, 2]))
