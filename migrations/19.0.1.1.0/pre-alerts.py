"""Alerts of a database older than the alert mechanism, put in order before the mechanism's unique index is built.

- The reviews of sliding leases were activities without an alert key: the mechanism did not see them and raised
  its own next to each. They get their key (``sliding_lease_review``).
- Two open activities of one record with one key (those, or any made while the index was missing) would stop
  ``mail.activity``'s unique index, and the update with it: one is kept (the mechanism's own, the latest), the
  others are archived here; ``post-alerts.py`` marks them done with a note.
"""

import logging

_logger = logging.getLogger(__name__)

#: the activity type of a sliding lease's review (its xml id), the model and the alert key of those activities
OLD_ALERTS = [("mail_activity_sliding_lease_review", "housing.lease", "sliding_lease_review")]
#: where the ids of the duplicates archived here wait for post-alerts.py
DUPLICATES_PARAMETER = "solidarity_housing.migration_duplicate_alerts"


def _has_column(cr, table, column):
    cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s", [table, column])
    return bool(cr.fetchone())


def _old_alerts_query():
    """``(activity id, alert key it should have)`` of the open activities made before the mechanism."""
    return " UNION ALL ".join(
        f"""
        SELECT activity.id, %(key_{index})s AS alert_key
          FROM mail_activity activity
          JOIN ir_model_data data
            ON data.module = 'solidarity_housing' AND data.name = %(xmlid_{index})s
           AND data.model = 'mail.activity.type' AND data.res_id = activity.activity_type_id
         WHERE activity.res_model = %(model_{index})s AND activity.housing_alert_key IS NULL AND activity.active
        """
        for index in range(len(OLD_ALERTS))
    )


def _old_alerts_params():
    params = {}
    for index, (xmlid, model, key) in enumerate(OLD_ALERTS):
        params.update({f"xmlid_{index}": xmlid, f"model_{index}": model, f"key_{index}": key})
    return params


def put_alerts_in_order(cr):
    """Archive the duplicate open alerts, then key the old ones; returns ``(ids keyed, ids archived)``.

    Per record and key, the activity kept is one the mechanism made (keyed already), the latest; without one,
    the latest old activity, which gets its key.
    """
    params = _old_alerts_params()
    cr.execute(
        f"""
        WITH old AS ({_old_alerts_query()}),
        alerts AS (
            SELECT activity.id, activity.res_model, activity.res_id,
                   COALESCE(activity.housing_alert_key, old.alert_key) AS alert_key,
                   activity.housing_alert_key IS NULL AS is_old
              FROM mail_activity activity
              LEFT JOIN old ON old.id = activity.id
             WHERE activity.active AND (activity.housing_alert_key IS NOT NULL OR old.id IS NOT NULL)
        ),
        ranked AS (
            SELECT id, row_number() OVER (
                       PARTITION BY res_model, res_id, alert_key ORDER BY is_old, id DESC
                   ) AS rank
              FROM alerts
        )
        UPDATE mail_activity activity
           SET active = FALSE, date_done = CURRENT_DATE
          FROM ranked
         WHERE ranked.id = activity.id AND ranked.rank > 1
     RETURNING activity.id
        """,
        params,
    )
    archived = sorted(row[0] for row in cr.fetchall())
    cause = ", housing_alert_cause = split_part(old.alert_key, ':', 1)"
    if not _has_column(cr, "mail_activity", "housing_alert_cause"):
        cause = ""
    cr.execute(
        f"""
        WITH old AS ({_old_alerts_query()})
        UPDATE mail_activity activity
           SET housing_alert_key = old.alert_key{cause}
          FROM old
         WHERE old.id = activity.id
     RETURNING activity.id
        """,
        params,
    )
    keyed = sorted(row[0] for row in cr.fetchall())
    return keyed, archived


def migrate(cr, version):
    if not _has_column(cr, "mail_activity", "housing_alert_key"):
        return  # a database from before the alerts: nothing to put in order
    keyed, archived = put_alerts_in_order(cr)
    if archived:
        cr.execute(
            """
            INSERT INTO ir_config_parameter (key, value, create_date, write_date)
            VALUES (%s, %s, now(), now())
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
            """,
            [DUPLICATES_PARAMETER, ",".join(map(str, archived))],
        )
    _logger.info("alerts: %s old alerts keyed, %s duplicate alerts archived", len(keyed), len(archived))
