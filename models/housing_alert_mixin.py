import logging

from psycopg2 import errors as pg_errors

from odoo import api, models

_logger = logging.getLogger(__name__)

#: context of the activities written by the alert mechanism: no "activity changed" tracking
ALERT_CONTEXT = {"mail_activity_quick_update": True}


class HousingAlertMixin(models.AbstractModel):
    """Alerts: one open activity per record and cause, kept in step with the cause, closed when it is gone.

    Every alert of the addon goes through this mixin (support files, arrears, repayment plans, invoices,
    leases, applications...). An alert is a ``mail.activity`` carrying a key ``"<cause>"`` or
    ``"<cause>:<detail>"`` (``housing_alert_key``); its typed cause (``housing_alert_cause``) is the part
    before the colon. The database holds at most one open activity per record and key (a unique index), so
    two jobs raising the same alert at the same time never duplicate it.

    A model with activities (``mail.activity.mixin``) inherits this mixin too, declares its causes and the
    activity type of each in ``_housing_alert_types`` and calls:

    - ``_housing_alert_sync(wanted, causes)`` to make its open alerts of ``causes`` exactly ``wanted``
      (created, updated, closed as done);
    - ``_housing_alert_raise(cause, ...)`` to raise one alert on each record (never twice);
    - ``_housing_alert_close(causes, feedback)`` to close them.
    """

    _name = "housing.alert.mixin"
    _description = "Housing alerts"

    #: ``{cause: activity type xmlid}`` of this model's alerts
    _housing_alert_types = {}

    # ------------------------------------------------------------------ reading
    def _housing_alerts(self, causes=None, keys=None):
        """The open alert activities of these records (of ``causes`` or with ``keys`` when given)."""
        domain = [("res_model", "=", self._name), ("housing_alert_key", "!=", False)]
        if self.ids or not self.env.context.get("housing_alert_all_records"):
            domain.append(("res_id", "in", self.ids))
        if causes is not None:
            domain.append(("housing_alert_cause", "in", list(causes)))
        if keys is not None:
            domain.append(("housing_alert_key", "in", list(keys)))
        return self.env["mail.activity"].sudo().search(domain)

    @api.model
    def _housing_alerts_of_model(self, causes=None):
        """The open alert activities of every record of this model (``causes`` only when given)."""
        return self.browse().with_context(housing_alert_all_records=True)._housing_alerts(causes=causes)

    # ------------------------------------------------------------------ writing
    def _housing_alert_sync(self, wanted, causes, feedback=None):
        """Make the open alerts of these records for ``causes`` exactly those of ``wanted``.

        ``wanted``: ``{(record id, key): values}``, ``key`` being ``"<cause>"`` or ``"<cause>:<detail>"``
        and ``values`` a dict with ``summary``, ``date_deadline``, ``user_id`` (a user id), optionally
        ``note`` and ``keep_deadline`` (the deadline is set when the alert is raised, never moved after).
        A wanted alert that is open is updated (user, deadline, summary); one that is not is created;
        an open alert of ``causes`` that is not wanted any more is marked done with ``feedback``.
        Returns the activities created.
        """
        causes = set(causes)
        Activity = self.env["mail.activity"].sudo().with_context(**ALERT_CONTEXT)
        existing = {
            (activity.res_id, activity.housing_alert_key): activity for activity in self._housing_alerts(causes)
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        types = {}
        to_create = []
        for (res_id, key), values in wanted.items():
            cause = key.split(":", 1)[0]
            if cause not in causes:
                raise ValueError(f"alert {key!r} of {self._name} is not of the causes {sorted(causes)}")
            activity = existing.pop((res_id, key), None)
            if activity:
                changes = {}
                if values.get("user_id") and activity.user_id.id != values["user_id"]:
                    changes["user_id"] = values["user_id"]
                if not values.get("keep_deadline") and activity.date_deadline != values["date_deadline"]:
                    changes["date_deadline"] = values["date_deadline"]
                if values.get("summary") and activity.summary != values["summary"]:
                    changes["summary"] = values["summary"]
                if changes:
                    activity.write(changes)
                continue
            if cause not in types:
                types[cause] = self.env.ref(self._housing_alert_types[cause])
            vals = {
                "res_model_id": model_id,
                "res_id": res_id,
                "activity_type_id": types[cause].id,
                "user_id": values.get("user_id") or self.env.uid,
                "date_deadline": values["date_deadline"],
                "summary": values.get("summary") or types[cause].summary,
                "housing_alert_key": key,
                "automated": True,
            }
            if values.get("note"):
                vals["note"] = values["note"]
            to_create.append(vals)
        created = self._housing_alert_create(Activity, to_create)
        if existing:
            self._housing_alert_done(
                Activity.browse([activity.id for activity in existing.values()]),
                feedback or self.env._("Closed automatically: the cause of the alert is gone."),
            )
        return created

    def _housing_alert_raise(self, cause, summary, date_deadline, user_id=None, key=None, note=None):
        """Raise the alert ``key`` (default: ``cause``) on each record of ``self``, unless it is open already.

        ``summary``, ``date_deadline``, ``user_id`` and ``note`` are values, or functions of the record
        returning them. Returns the activities created.
        """
        key = key or cause
        if key.split(":", 1)[0] != cause:
            raise ValueError(f"alert key {key!r} does not start with its cause {cause!r}")
        open_ids = set(self._housing_alerts(keys=[key]).mapped("res_id"))

        def value(spec, record):
            return spec(record) if callable(spec) else spec

        model_id = self.env["ir.model"]._get_id(self._name)
        activity_type = self.env.ref(self._housing_alert_types[cause])
        to_create = []
        for record in self.filtered(lambda record: record.id not in open_ids):
            vals = {
                "res_model_id": model_id,
                "res_id": record.id,
                "activity_type_id": activity_type.id,
                "user_id": value(user_id, record) or self.env.uid,
                "date_deadline": value(date_deadline, record),
                "summary": value(summary, record) or activity_type.summary,
                "housing_alert_key": key,
                "automated": True,
            }
            if note:
                vals["note"] = value(note, record)
            to_create.append(vals)
        Activity = self.env["mail.activity"].sudo().with_context(**ALERT_CONTEXT)
        return self._housing_alert_create(Activity, to_create)

    def _housing_alert_close(self, causes=None, feedback=None, keys=None):
        """Mark done the open alerts of these records (of ``causes``, or with ``keys``, else all of them)."""
        alerts = self._housing_alerts(causes=causes, keys=keys)
        self._housing_alert_done(
            alerts, feedback or self.env._("Closed automatically: the cause of the alert is gone.")
        )
        return alerts

    # ------------------------------------------------------------------ helpers
    @api.model
    def _housing_alert_create(self, Activity, vals_list):
        if not vals_list:
            return Activity.browse()
        try:
            with self.env.cr.savepoint():
                return Activity.create(vals_list)
        except pg_errors.UniqueViolation:
            # raised at the same time by another job: create those it did not, one by one
            _logger.info("%s: alerts raised concurrently, creating the others one by one", self._name)
        created = Activity.browse()
        for vals in vals_list:
            try:
                with self.env.cr.savepoint():
                    created |= Activity.create(vals)
            except pg_errors.UniqueViolation:
                continue
        return created

    @api.model
    def _housing_alert_done(self, activities, feedback):
        if activities:
            activities.sudo().with_context(**ALERT_CONTEXT).action_feedback(feedback=feedback)
