from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import format_date

from ..tools.housing_math import add_months, yearly_occupation

#: Support files handled per batch (and per commit) by the daily job.
BATCH_SIZE = 200

#: Causes of the daily job's alerts: it raises and closes them (hand-overs are asked on exit, closed by hand).
#: Later capabilities add theirs (``_housing_daily_alert_causes``): collections the arrears.
DAILY_CAUSES = ("papers", "health", "absence", "occupation", "period_end", "sliding_lease", "no_meeting")


class HousingFollowup(models.Model):
    """The alert engine of the social follow-up: every night, one activity per cause for the file's social
    worker (papers or health cover expiring, long absence, short yearly occupation, end of the support period,
    sliding-lease review, no meeting for too long), closed when the cause is gone. It reads the follow-up and
    tenancy only: a later capability adds its causes in a file of its own (``housing_followup_collections.py``
    the arrears) by extending ``_housing_daily_alert_causes`` and ``_housing_alert_causes``."""

    _inherit = "housing.followup"

    _housing_alert_types = {
        "papers": "solidarity_housing.mail_activity_type_followup_papers",
        "health": "solidarity_housing.mail_activity_type_followup_health",
        "absence": "solidarity_housing.mail_activity_type_followup_absence",
        "occupation": "solidarity_housing.mail_activity_type_followup_absence",
        "period_end": "solidarity_housing.mail_activity_type_followup_period_end",
        "sliding_lease": "solidarity_housing.mail_activity_type_followup_sliding_lease",
        "no_meeting": "solidarity_housing.mail_activity_type_followup_meeting",
        "handover": "solidarity_housing.mail_activity_type_followup_handover",
    }

    @api.model
    def _cron_followup_alerts(self):
        """Daily job: one activity per alert cause for the file's social worker, closed when the cause is gone."""
        followups = self.sudo().search([("state", "!=", "closed")], order="id")
        done = 0
        for start in range(0, len(followups), BATCH_SIZE):
            batch = followups[start : start + BATCH_SIZE]
            batch._housing_sync_alerts()
            done += len(batch)
            self.env["ir.cron"]._commit_progress(len(batch), remaining=len(followups) - done)
        followups._housing_alert_close_stale()

    def _housing_alert_close_stale(self):
        """Close the alerts left on files that are not among ``self`` (the open files): closed or archived since
        the last run. One pass over the alerts, whatever their number."""
        open_ids = set(self.ids)
        stale = self.sudo()._housing_alerts_of_model().filtered(lambda alert: alert.res_id not in open_ids)
        self._housing_alert_done(stale, self.env._("Closed automatically: the cause of the alert is gone."))

    def _housing_sync_alerts(self, today=None):
        """Create, update and close the daily alerts of these (open) files in one pass."""
        today = today or fields.Date.context_today(self)
        followups = self.sudo()
        users = {followup.id: followup.user_id.id for followup in followups}
        wanted = {
            (followup_id, key): dict(cause, user_id=users[followup_id])
            for (followup_id, key), cause in followups._housing_alert_causes(today).items()
        }
        followups._housing_alert_sync(wanted, self._housing_daily_alert_causes())

    @api.model
    def _housing_daily_alert_causes(self):
        """The causes the daily job raises and closes; extended by the capabilities that add theirs."""
        return DAILY_CAUSES

    def _get_sliding_lease_review_alerts(self):
        """Sliding leases (bail glissant) of these files' households whose 6-monthly review is near.

        Returns a list of dicts ``{"followup_id", "key", "date_deadline", "summary"}``: the daily job
        turns each into one activity for the file's social worker and closes it when the review is
        no longer returned (held, so the next one is 6 months away, or the lease glided or ended).
        """
        today = fields.Date.context_today(self)
        agreements = (
            self.env["housing.occupancy"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("state", "in", ("active", "notice")),
                    ("lease_id.lease_type", "=", "sliding_lease"),
                    ("lease_id.state", "in", ("running", "notice")),
                    ("lease_id.next_review_date", "!=", False),
                ]
            )
        )
        alerts = []
        for followup in self:
            limit = today + timedelta(days=followup.company_id.housing_period_end_alert_days)
            for agreement in agreements.filtered(lambda occ, head=followup.partner_id: occ.partner_id == head):
                lease = agreement.lease_id
                if lease.next_review_date <= limit:
                    alerts.append(
                        {
                            "followup_id": followup.id,
                            "key": f"{lease.id}:{lease.next_review_date}",
                            "date_deadline": lease.next_review_date,
                            "summary": self.env._(
                                "Sliding lease %(lease)s of %(household)s: review with the landlord on %(date)s",
                                lease=lease.name,
                                household=followup.partner_id.name,
                                date=format_date(self.env, lease.next_review_date),
                            ),
                        }
                    )
        return alerts

    def _housing_alert_causes(self, today):
        """``{(file id, key): {date_deadline, summary, keep_deadline}}`` of the files in ``self``.

        Reads everything in a few queries for the whole batch: profiles, absences, meetings, sliding leases.
        Extended by the capabilities that add their causes (``super()``, then theirs).
        """
        causes = {}
        followups = self.sudo()
        for company, files in followups.grouped("company_id").items():
            persons_file = {}
            for followup in files:
                for person in followup.partner_id | followup.partner_id.housing_member_ids:
                    persons_file[person.id] = followup
            persons = self.env["res.partner"].browse(list(persons_file))
            causes.update(files._alerts_papers_health(company, persons, persons_file, today))
            causes.update(files._alerts_absences(company, persons, persons_file, today))
            causes.update(files._alerts_period_end(company, today))
            causes.update(files._alerts_meetings(today))
        for alert in self._get_sliding_lease_review_alerts():
            causes[(alert["followup_id"], f"sliding_lease:{alert['key']}")] = {
                "date_deadline": alert["date_deadline"],
                "summary": alert["summary"],
            }
        return causes

    def _alerts_papers_health(self, company, persons, persons_file, today):
        causes = {}
        papers_limit = today + timedelta(days=company.housing_papers_alert_days)
        health_limit = today + timedelta(days=company.housing_health_alert_days)
        profiles = (
            self.env["housing.social.profile"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", persons.ids),
                    ("company_id", "=", company.id),
                    "|",
                    "|",
                    ("residence_document_expiry", "<=", papers_limit),
                    ("health_cover_expiry", "<=", health_limit),
                    ("complementary_cover_expiry", "<=", health_limit),
                ]
            )
        )
        for profile in profiles:
            followup = persons_file[profile.partner_id.id]
            name = profile.partner_id.name
            expiry = profile.residence_document_expiry
            if expiry and expiry <= papers_limit:
                causes[(followup.id, f"papers:{profile.partner_id.id}")] = {
                    "date_deadline": expiry,
                    "summary": self.env._(
                        "Residence document of %(person)s ends on %(date)s",
                        person=name,
                        date=format_date(self.env, expiry),
                    ),
                }
            health_dates = [
                day
                for day in (profile.health_cover_expiry, profile.complementary_cover_expiry)
                if day and day <= health_limit
            ]
            if health_dates:
                causes[(followup.id, f"health:{profile.partner_id.id}")] = {
                    "date_deadline": min(health_dates),
                    "summary": self.env._(
                        "Health cover of %(person)s ends on %(date)s",
                        person=name,
                        date=format_date(self.env, min(health_dates)),
                    ),
                }
        return causes

    def _alerts_absences(self, company, persons, persons_file, today):
        causes = {}
        year_before = today - relativedelta(years=1)
        absences = (
            self.env["housing.absence"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", persons.ids),
                    ("company_id", "=", company.id),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", year_before),
                ]
            )
        )
        for person, person_absences in absences.grouped("partner_id").items():
            followup = persons_file[person.id]
            for absence in person_absences:
                limit = add_months(absence.date_start, company.housing_absence_max_months)
                still_away = not absence.date_end or absence.date_end >= today
                lasts_too_long = not absence.date_end or absence.date_end >= limit
                if (
                    still_away
                    and lasts_too_long
                    and today >= limit - timedelta(days=company.housing_absence_alert_days)
                ):
                    causes[(followup.id, f"absence:{absence.id}")] = {
                        "date_deadline": limit,
                        "summary": self.env._(
                            "%(person)s, away since %(start)s, reaches %(months)s months of absence on %(date)s",
                            person=person.name,
                            start=format_date(self.env, absence.date_start),
                            months=company.housing_absence_max_months,
                            date=format_date(self.env, limit),
                        ),
                    }
            periods = [(a.date_start, a.date_end) for a in person_absences if a.date_start <= today]
            occupied, required = yearly_occupation(periods, today, company.housing_occupation_min_months)
            if occupied < required:
                causes[(followup.id, f"occupation:{person.id}")] = {
                    "date_deadline": today,
                    "keep_deadline": True,
                    "summary": self.env._(
                        "%(person)s occupied the housing %(days)s days over the last 12 months, under the "
                        "%(months)s months the housing allowance needs",
                        person=person.name,
                        days=occupied,
                        months=company.housing_occupation_min_months,
                    ),
                }
        return causes

    def _alerts_period_end(self, company, today):
        causes = {}
        limit = today + timedelta(days=company.housing_period_end_alert_days)
        for followup in self.filtered(lambda f: f.date_end and f.date_end <= limit):
            causes[(followup.id, "period_end")] = {
                "date_deadline": followup.date_end,
                "summary": self.env._(
                    "The support period of %(household)s ends on %(date)s: renew or close the file",
                    household=followup.partner_id.name,
                    date=format_date(self.env, followup.date_end),
                ),
            }
        return causes

    def _alerts_meetings(self, today):
        causes = {}
        files = self.filtered(lambda f: f.programme_id.followup_meeting_weeks > 0)
        if not files:
            return causes
        last_meetings = dict(
            self.env["housing.followup.meeting"]
            .sudo()
            ._read_group(
                [("followup_id", "in", files.ids), ("state", "=", "done")],
                ["followup_id"],
                ["date:max"],
            )
        )
        for followup in files:
            last = last_meetings.get(followup)
            since = last.date() if last else followup.date_start
            due = since + timedelta(weeks=followup.programme_id.followup_meeting_weeks)
            if today >= due:
                causes[(followup.id, "no_meeting")] = {
                    "date_deadline": due,
                    "summary": self.env._(
                        "No meeting with %(household)s since %(date)s",
                        household=followup.partner_id.name,
                        date=format_date(self.env, since),
                    ),
                }
        return causes
