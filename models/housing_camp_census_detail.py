from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists


class HousingCampCensusDetail(models.Model):
    """The health and papers of a censused household: read like its support file.

    Kept apart from ``housing.camp.census`` (whose household, members and wishes every social worker of the
    association and the back office read) so that record rules protect it, as ``housing.absence.detail`` does for
    an absence: the census's interviewer, the social worker of the household's support file (or her programme's,
    when the programme allows it) and managers read it. The census shows it through its ``health_needs`` and
    ``papers_situation`` fields.
    """

    _name = "housing.camp.census.detail"
    _description = "Health and papers of a censused household"
    _housing_gdpr_delete_own = True
    _rec_name = "census_id"
    _check_company_auto = True

    census_id = fields.Many2one("housing.camp.census", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="census_id.company_id", store=True, index=True, precompute=True)
    health_needs = fields.Text(string="Health needs")
    papers_situation = fields.Text(string="Papers")

    _census_uniq = models.Constraint(
        "UNIQUE(census_id)", "This census already has its health and papers: change them instead of adding others."
    )

    def init(self):
        """A database from before this model kept a census's health and papers on the census itself: move them here
        (under this model's rules), then drop the old columns, so that no unprotected copy stays behind (and the
        anonymisation of a person has no forgotten copy to miss). Runs once: the columns are gone afterwards."""
        cr = self.env.cr
        if not (
            column_exists(cr, "housing_camp_census", "health_needs")
            and column_exists(cr, "housing_camp_census", "papers_situation")
        ):
            return
        cr.execute(
            SQL(
                """
                INSERT INTO housing_camp_census_detail
                       (census_id, company_id, health_needs, papers_situation,
                        create_uid, create_date, write_uid, write_date)
                SELECT c.id, c.company_id, c.health_needs, c.papers_situation,
                       c.create_uid, c.create_date, c.write_uid, c.write_date
                  FROM housing_camp_census c
                 WHERE (c.health_needs IS NOT NULL OR c.papers_situation IS NOT NULL)
                   AND NOT EXISTS (SELECT 1 FROM housing_camp_census_detail d WHERE d.census_id = c.id)
                """
            )
        )
        cr.execute(SQL("ALTER TABLE housing_camp_census DROP COLUMN health_needs, DROP COLUMN papers_situation"))
