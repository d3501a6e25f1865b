from collections import defaultdict
from datetime import timedelta

from odoo import fields, models

from ..tools import pathways_math as pm

#: programmes whose agreements shelter a household without a head lease (see housing.occupancy's type)
SHELTER_SCHEMES = ("camp_resorption", "hotel_shelter")


class HousingRoom(models.Model):
    """What the pathways read of a room: the beds free from a day, since when it is empty, its usual rent."""

    _inherit = "housing.room"

    def _pathways_availability(self, day):
        """``{room id: (beds free from day on, empty since)}`` in one query.

        An agreement, draft or signed, whose last day is not before ``day`` holds its persons' beds, whatever its
        entry date (a room promised from next month is not free today for a stay that would go on); one for the
        whole unit holds every room. An unavailable room or unit has no free bed. ``empty since`` is the day after
        the exit of the room's last signed agreement (an agreement holds its beds until its exit is recorded); for a
        room never let, the start of the unit's first head lease, else the day the unit was recorded.
        """
        agreements = self.env["housing.occupancy"].search(
            [("unit_id", "in", self.unit_id.ids), "|", ("state", "!=", "ended"), ("exit_date", ">=", day)]
        )
        history = self.env["housing.occupancy"]._read_group(
            [("unit_id", "in", self.unit_id.ids), ("state", "in", ("active", "notice", "ended"))],
            ["unit_id", "room_id"],
            ["exit_date:max", "__count"],
        )
        last_days, open_ended = defaultdict(lambda: False), set()
        for unit, room, exit_max, _count in history:
            last_days[unit.id, room.id] = exit_max
        for agreement in agreements.filtered(lambda occ: occ.state != "draft" and not occ._last_day()):
            open_ended.add((agreement.unit_id.id, agreement.room_id.id))
        holding = defaultdict(int)
        whole_unit = set()
        for agreement in agreements:
            last = agreement._last_day()
            if last and last < day:
                continue
            if agreement.room_id:
                holding[agreement.room_id.id] += agreement.person_count
            else:
                whole_unit.add(agreement.unit_id.id)
        result = {}
        for room in self:
            unit = room.unit_id
            unavailable = room.out_of_service or unit.out_of_service or unit.id in whole_unit
            free = 0 if unavailable else max(0, room.capacity - holding[room.id])
            keys = ((unit.id, room.id), (unit.id, False))
            if any(key in open_ended for key in keys):
                empty_since = False  # let with no end in sight
            else:
                last = max(filter(None, (last_days[key] for key in keys)), default=False)
                first_lease = min(unit.lease_ids.mapped("date_start"), default=False)
                empty_since = (last + timedelta(days=1)) if last else (first_lease or unit.create_date.date())
            result[room.id] = (free, empty_since)
        return result

    def _pathways_entry_days(self, day):
        """``{room id: the first day from day on which a household may enter the room, or False}``.

        An agreement sub-lets a room under a running head lease of its unit that covers its entry date (it cannot
        be activated otherwise): the day itself when a head lease covers it, else the start of the next one
        (the room of a host flat whose lease starts next month), else ``False`` (no lease started). A programme
        that shelters households without a head lease (camp resorption, hotel shelter) takes them any day.
        """
        result = {}
        for room in self:
            unit = room.unit_id
            if unit.programme_id.scheme_type in SHELTER_SCHEMES:
                result[room.id] = day
                continue
            starts = [
                max(day, lease.date_start)
                for lease in unit.lease_ids
                if lease.state in ("running", "notice") and (not lease.date_end or lease.date_end >= day)
            ]
            result[room.id] = min(starts, default=False)
        return result

    def _pathways_default_rent(self):
        """``{room id: (rent, charges)}`` proposed to a new household: those of the room's last agreement, else
        the head lease's of a dwelling of one room, else nothing."""
        result = {}
        last_agreements = self.env["housing.occupancy"].search(
            [("room_id", "in", self.ids), ("state", "!=", "draft")], order="date_start desc, id desc"
        )
        for room in self:
            agreement = last_agreements.filtered(lambda occ, r=room: occ.room_id == r)[:1]
            lease = room.unit_id.lease_ids.filtered(lambda lease: lease.state in ("draft", "running", "notice"))[:1]
            if agreement:
                result[room.id] = (agreement.rent, agreement.charges)
            elif lease and len(room.unit_id.room_ids) == 1:
                result[room.id] = (lease.rent, lease.charges)
        return result

    def _find_applications(self, day):
        """The households on the waiting list this room fits from ``day``, best first (priority, then the
        longest wait): ``[dict, ...]`` with the referral, the fit and the days waited."""
        self.ensure_one()
        if self._pathways_entry_days(day)[self.id] != day:
            return []  # no household enters it that day: no head lease runs then
        free_beds = self._pathways_availability(day)[self.id][0]
        if self.env["housing.application.proposal"].search_count(
            [("room_id", "=", self.id), ("state", "=", "open")], limit=1
        ):
            return []
        applications = self.env["housing.application"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "waiting"),
                ("beds_needed", "<=", free_beds),
                "|",
                ("programme_ids", "=", False),
                ("programme_ids", "in", self.programme_id.ids),
                "|",
                ("date_available", "=", False),
                ("date_available", "<=", day),
            ]
        )
        today = fields.Date.context_today(self)
        found = []
        for application in applications.filtered(lambda a: a._fits_unit(self.unit_id)):
            score, met, missed = application._fit(self.unit_id, free_beds)
            found.append(
                {
                    "application": application,
                    "free_beds": free_beds,
                    "score": score,
                    "met": met,
                    "missed": missed,
                    "waiting_days": pm.days_since(application.date_waiting, today),
                }
            )
        found.sort(key=lambda line: (-int(line["application"].priority), -line["waiting_days"], line["application"].id))
        return found

    def action_find_applications(self):
        self.ensure_one()
        return self.env["housing.application.match"]._open_for(room=self)
