from odoo.tools import SQL


def migrate(cr, version):
    """The reason and the note of an absence moved to ``housing_absence_detail`` (read like the household's
    support file). A database from before keeps them in the old columns of ``housing_absence``, which the screens
    no longer read and the anonymisation never reaches: copy them into the absence's detail, then drop them."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'housing_absence'
              AND column_name IN ('reason', 'note')"""
    )
    columns = {row[0] for row in cr.fetchall()}
    if not columns:
        return
    old = {name: SQL("a.%s", SQL.identifier(name)) if name in columns else SQL("NULL") for name in ("reason", "note")}
    # the details the addon created meanwhile (empty ones, for absences recorded before) take the old values
    cr.execute(
        SQL(
            """UPDATE housing_absence_detail d
                  SET reason = COALESCE(d.reason, %s), note = COALESCE(d.note, %s)
                 FROM housing_absence a
                WHERE a.id = d.absence_id""",
            old["reason"],
            old["note"],
        )
    )
    cr.execute(
        SQL(
            """INSERT INTO housing_absence_detail
                      (absence_id, company_id, household_id, reason, note,
                       create_uid, create_date, write_uid, write_date)
               SELECT a.id, a.company_id, a.household_id, %s, %s, a.create_uid, a.create_date, a.write_uid, a.write_date
                 FROM housing_absence a
                WHERE NOT EXISTS (SELECT 1 FROM housing_absence_detail d WHERE d.absence_id = a.id)""",
            old["reason"],
            old["note"],
        )
    )
    # the old reason was tracked: its values in the absences' chatter would show every social worker why a person
    # is away, whatever their household's support file says
    cr.execute(
        """DELETE FROM mail_tracking_value
            WHERE field_id IN (SELECT id FROM ir_model_fields
                                WHERE model = 'housing.absence' AND name IN ('reason', 'note'))"""
    )
    for column in sorted(columns):
        cr.execute(SQL("ALTER TABLE housing_absence DROP COLUMN %s", SQL.identifier(column)))
