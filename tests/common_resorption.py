from datetime import date

from odoo import Command

from .common import HousingSetup


class ResorptionSetup(HousingSetup):
    """A camp-resorption action of the test association: a site, mobile homes, a hotel, a funder and a next case
    manager. Census interviews are held by the test social worker."""

    @classmethod
    def _setup_housing(cls):
        result = super()._setup_housing()
        cls.camp_programme = cls.env["housing.programme"].create(
            {
                "name": "Résorption test",
                "code": "RBT",
                "scheme_type": "camp_resorption",
                "company_id": cls.company.id,
                "date_start": "2025-01-01",
                "funder_ids": [Command.set(cls.funder.ids)],
            }
        )
        cls.site = cls._new_site("Campement des Étroits")
        cls.mobile_home = cls._new_unit(
            "Mobil-home A", rooms=[5], programme=cls.camp_programme, unit_type="mobile_home", landlord_id=False
        )
        cls.hotel = cls.env["res.partner"].create(
            {"name": "Hôtel du Canal", "is_company": True, "company_id": cls.company.id}
        )
        cls.dihal = cls.env["res.partner"].create({"name": "DIHAL Test", "is_company": True})
        cls.next_manager = cls.env["res.partner"].create({"name": "Sophie Martin (CCAS)"})
        cls.domain_health = cls.env.ref("solidarity_housing.followup_domain_health")
        cls.domain_employment = cls.env.ref("solidarity_housing.followup_domain_employment")
        cls.domain_residence = cls.env.ref("solidarity_housing.followup_domain_residence")
        return result

    @classmethod
    def _new_site(cls, name, programme=None, **values):
        return cls.env["housing.camp.site"].create(
            {
                "name": name,
                "programme_id": (programme or cls.camp_programme).id,
                "company_id": cls.company.id,
                "street": "Chemin des Étroits",
                "zip": "31400",
                "city": "Toulouse",
                "date_installed": "2024-05-01",
                "date_reported": "2024-06-10",
                **values,
            }
        )

    @classmethod
    def _new_census(cls, head, members=(), site=None, day=date(2025, 3, 3), user=None, **values):
        """The census of the household of ``head`` ((name, birth date, sex)); ``members``: (name, birth date, sex,
        relationship, other values)."""
        name, birthdate, gender = head
        partner = cls.env["res.partner"].create(
            {"name": name, "housing_birthdate": birthdate, "housing_relationship": "head"}
        )
        lines = [
            Command.create(
                {
                    "partner_id": partner.id,
                    "name": name,
                    "birthdate": birthdate,
                    "gender": gender,
                    "relationship": "head",
                }
            )
        ]
        for member in members:
            m_name, m_birthdate, m_gender, relationship, *extra = member
            lines.append(
                Command.create(
                    {
                        "name": m_name,
                        "birthdate": m_birthdate,
                        "gender": m_gender,
                        "relationship": relationship,
                        **(extra[0] if extra else {}),
                    }
                )
            )
        return (
            cls.env["housing.camp.census"]
            .with_user(user or cls.user_social)
            .create(
                {
                    "site_id": (site or cls.site).id,
                    "partner_id": partner.id,
                    "date": day,
                    "consent_date": day,
                    "consent_given_to_id": cls.user_social.id,
                    "member_ids": lines,
                    **values,
                }
            )
            .sudo()
        )

    @classmethod
    def _family(cls, surname, site=None, children=2, **values):
        """A couple and ``children`` schooled children (primary school), censused on 3 March 2025."""
        members = [(f"Maria {surname}", date(1987, 4, 2), "female", "spouse")]
        for index in range(children):
            members.append(
                (f"Enfant {index + 1} {surname}", date(2016 - index, 9, 1), "male", "child", {"schooling": "primary"})
            )
        return cls._new_census((f"Ion {surname}", date(1984, 1, 11), "male"), members, site=site, **values)

    @classmethod
    def _new_stay(cls, partner, checkin, checkout=None, **values):
        return cls.env["housing.shelter.stay"].create(
            {
                "partner_id": partner.id,
                "hotel_id": cls.hotel.id,
                "programme_id": cls.camp_programme.id,
                "company_id": cls.company.id,
                "date_checkin": checkin,
                "date_checkout": checkout,
                "price_night": 45.0,
                "funder_id": cls.dihal.id,
                **values,
            }
        )

    @classmethod
    def _new_move(cls, census, planned="2025-06-02 09:00:00", user=None, **values):
        return (
            cls.env["housing.move"]
            .with_user(user or cls.user_backoffice)
            .create(
                {
                    "census_id": census.id,
                    "date_planned": planned,
                    "destination_type": "occupancy",
                    "unit_id": cls.mobile_home.id,
                    **values,
                }
            )
        )
