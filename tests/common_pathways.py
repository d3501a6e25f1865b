from odoo import Command

from .common import HousingSetup

SOCIAL_WORKER = "solidarity_housing.group_housing_social_worker"


class PathwaysSetup(HousingSetup):
    """A solidarity-rooms programme and its rooms in shared flats, next to the shared home of the common stock.

    - ``room_lea``: Paris 75011, furnished, with a lift, 1 bed, head lease since 2025-01-01 (never let)
    - ``room_montreuil``: Montreuil 93100, unfurnished, 1 bed, head lease since 2024-10-01 (never let)
    - ``room_twin``: Paris 75020, furnished, 2 beds, head lease since 2025-02-01
    The rooms programme's default payers: the occupant 150.00, the association the rest.
    """

    @classmethod
    def _setup_housing(cls):
        result = super()._setup_housing()
        cls.user_social_other = cls._new_user("cesf_other", SOCIAL_WORKER)
        cls.programme_rooms = cls.env["housing.programme"].create(
            {
                "name": "Colocations solidaires test",
                "code": "CST",
                "scheme_type": "shared_flat",
                "company_id": cls.company.id,
                "payer_ids": [
                    Command.create({"payer_kind": "occupant", "amount": 150.0}),
                    Command.create({"payer_kind": "association", "is_remainder": True}),
                ],
            }
        )
        tags = cls.env["housing.unit.tag"].create(
            [{"name": "Ascenseur test", "step_free": True}, {"name": "Lave-linge test"}]
        )
        cls.tag_lift, cls.tag_washer = tags
        cls.unit_lea = cls._new_unit(
            "Chambre chez Léa",
            programme=cls.programme_rooms,
            unit_type="shared_flat_room",
            city="Paris",
            zip="75011",
            furnished=True,
            tag_ids=[Command.set(tags.ids)],
        )
        cls.unit_montreuil = cls._new_unit(
            "Chambre à Montreuil",
            programme=cls.programme_rooms,
            unit_type="shared_flat_room",
            city="Montreuil",
            zip="93100",
        )
        cls.unit_twin = cls._new_unit(
            "Chambre double Belleville",
            rooms=[2],
            programme=cls.programme_rooms,
            unit_type="shared_flat_room",
            city="Paris",
            zip="75020",
            furnished=True,
        )
        cls.room_lea, cls.room_montreuil, cls.room_twin = (
            cls.unit_lea.room_ids,
            cls.unit_montreuil.room_ids,
            cls.unit_twin.room_ids,
        )
        cls.lease_lea = cls._new_lease(cls.unit_lea, start="2025-01-01", rent=370.0, charges=40.0)
        cls._new_lease(cls.unit_montreuil, start="2024-10-01", rent=350.0, charges=30.0)
        cls._new_lease(cls.unit_twin, start="2025-02-01", rent=600.0, charges=60.0)
        cls.siao = cls.env["res.partner"].create({"name": "SIAO test", "is_company": True})
        return result

    @classmethod
    def _new_application(cls, name, state="received", programmes=None, **values):
        """A referral of a new household ``name`` (the pathway's own moves allowed: any stage)."""
        partner = cls.env["res.partner"].create({"name": name, "housing_relationship": "head"})
        return (
            cls.env["housing.application"]
            ._flow()
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                    "state": state,
                    "referrer_kind": "siao",
                    "referrer_id": cls.siao.id,
                    "programme_ids": [Command.set((programmes if programmes is not None else cls.programme_rooms).ids)],
                    **values,
                }
            )
            .with_env(cls.env)
        )

    @classmethod
    def _propose(cls, application, room, start="2025-04-01", deadline="2025-03-10", **values):
        return cls.env["housing.application.proposal"].create(
            {
                "application_id": application.id,
                "room_id": room.id,
                "date_start": start,
                "date_deadline": deadline,
                **values,
            }
        )
