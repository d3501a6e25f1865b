from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common_pathways import PathwaysSetup


@tagged("post_install", "-at_install")
@freeze_time("2025-03-03 10:00:00")
class TestPathwaysAccess(PathwaysSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2025-03-03 10:00:00"):
            # the back office records the referral and the host flat
            cls.application = (
                cls.env["housing.application"]
                .with_user(cls.user_backoffice)
                .create(
                    {
                        "partner_id": cls.env["res.partner"].create({"name": "Tesfaye Bekele"}).id,
                        "referrer_kind": "social_service",
                        "programme_ids": [Command.set(cls.programme_rooms.ids)],
                        "user_id": cls.user_social.id,
                    }
                )
            )
            cls.offer = (
                cls.env["housing.host.offer"]
                .with_user(cls.user_backoffice)
                .create({"name": "Colocation de Louise", "contact_name": "Louise Fabre", "city": "Bagnolet"})
            )
            # its social worker writes the assessment
            cls.application.with_user(cls.user_social).write(
                {"assessment_ids": [Command.create({"note": "Suivi psychologique en cours."})]}
            )
        cls.note = cls.application.sudo().assessment_ids

    def test_the_back_office_records_referrals_and_offers_not_assessments(self):
        application = self.application.with_user(self.user_backoffice)
        self.assertEqual((application.company_id, self.offer.company_id), (self.company, self.company))
        self.assertFalse(application.can_read_assessment)
        application.action_start_assessment()
        self.assertEqual(application.state, "assessment")
        with self.assertRaises(AccessError):
            application.read(["assessment_ids"])
        with self.assertRaises(AccessError):
            self.env["housing.application.assessment"].with_user(self.user_backoffice).search([])
        with self.assertRaises(AccessError):
            self.note.with_user(self.user_backoffice).read(["note"])
        # accountants neither
        with self.assertRaises(AccessError):
            self.note.with_user(self.user_accountant).read(["note"])
        self.assertEqual(self.offer.with_user(self.user_backoffice).read(["city"])[0]["city"], "Bagnolet")

    def test_only_its_social_worker_and_managers_read_the_assessment(self):
        for user in (self.user_social, self.user_manager):
            with self.subTest(user=user.login):
                application = self.application.with_user(user)
                self.assertTrue(application.can_read_assessment)
                self.assertEqual(application.assessment_ids.note, "Suivi psychologique en cours.")
        self.env.invalidate_all()  # what the social worker read is not what another one reads
        other = self.application.with_user(self.user_social_other)
        self.assertFalse(other.can_read_assessment)
        self.assertFalse(other.assessment_ids)
        with self.assertRaises(AccessError):
            self.note.with_user(self.user_social_other).read(["note"])
        with self.assertRaises(AccessError):
            other.write({"assessment_ids": [Command.create({"note": "Une note de plus."})]})
        # a programme opening its files to its social workers opens its referrals' assessments
        self.programme_rooms.write(
            {"followup_visibility": "programme", "social_worker_ids": [Command.link(self.user_social_other.id)]}
        )
        self.env.invalidate_all()
        self.assertTrue(other.can_read_assessment)
        self.assertEqual(other.assessment_ids.note, "Suivi psychologique en cours.")

    def test_a_social_worker_does_not_make_herself_the_reader_of_another_s_assessment(self):
        other = self.application.with_user(self.user_social_other)
        with self.assertRaisesRegex(
            UserError, "is followed by Housing cesf and its assessment is confidential: only she, or a manager, hands"
        ):
            other.write({"user_id": self.user_social_other.id})
        # nor through a programme that opens its files to her
        programme = self.env["housing.programme"].create(
            {
                "name": "Programme ouvert",
                "code": "PO",
                "scheme_type": "shared_flat",
                "company_id": self.company.id,
                "followup_visibility": "programme",
                "social_worker_ids": [Command.link(self.user_social_other.id)],
            }
        )
        with self.assertRaisesRegex(UserError, "you cannot make yourself its reader by choosing its social worker or"):
            other.write({"programme_ids": [Command.link(programme.id)]})
        # the back office records referrals, and does not hand them over either
        with self.assertRaisesRegex(UserError, "only she, or a manager, hands it over"):
            self.application.with_user(self.user_backoffice).write({"user_id": self.user_social_other.id})
        self.env.invalidate_all()
        self.assertFalse(other.can_read_assessment)
        with self.assertRaises(AccessError):
            self.note.with_user(self.user_social_other).read(["note"])
        # its social worker hands it over, or a manager
        self.application.with_user(self.user_social).write({"user_id": self.user_social_other.id})
        self.env.invalidate_all()
        self.assertEqual(other.assessment_ids.note, "Suivi psychologique en cours.")
        self.application.with_user(self.user_manager).write({"user_id": self.user_social.id})
        self.assertEqual(self.application.user_id, self.user_social)
        # a referral without its social worker yet and without notes: a social worker takes it
        new = self._new_application("Sara Haile").with_user(self.user_social_other)
        new.write({"user_id": self.user_social_other.id})
        self.assertTrue(new.can_read_assessment)

    def test_the_people_of_a_referral_are_those_of_its_association(self):
        application = self.application.with_user(self.user_manager)
        with self.assertRaisesRegex(UserError, "company inconsistencies"):
            application.write({"user_id": self.user_other_company.id})
        proposal = self._propose(self._new_application("Hamid Karimi", state="waiting"), self.room_lea)
        with self.assertRaisesRegex(UserError, "company inconsistencies"):
            proposal.with_user(self.user_manager).write({"user_id": self.user_other_company.id})
        with self.assertRaisesRegex(UserError, "company inconsistencies"):
            self.offer.with_user(self.user_manager).write({"user_id": self.user_other_company.id})

    def test_another_company_sees_nothing(self):
        proposal = self._propose(self._new_application("Hamid Karimi", state="waiting"), self.room_lea)
        outsider = self.user_other_company
        for model, record in (
            ("housing.application", self.application),
            ("housing.application.assessment", self.note),
            ("housing.application.proposal", proposal),
            ("housing.host.offer", self.offer),
            ("housing.application.report", self.env["housing.application.report"].browse(self.application.id)),
        ):
            with self.subTest(model=model):
                self.assertFalse(self.env[model].with_user(outsider).search([("id", "=", record.id)]))
                with self.assertRaises(AccessError):
                    record.with_user(outsider).read(["company_id"])

    def test_employees_outside_housing_see_no_referral(self):
        for model in ("housing.application", "housing.host.offer", "housing.application.proposal"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.user_employee).search([])

    def test_every_screen_opens_in_french_for_its_role(self):
        french = {"lang": "fr_FR"}
        for xmlid, user in (
            ("housing_application_action", self.user_backoffice),
            ("housing_application_action_waiting", self.user_backoffice),
            ("housing_application_proposal_action", self.user_backoffice),
            ("housing_host_offer_action", self.user_backoffice),
            ("housing_application_reason_action", self.user_manager),
            ("housing_application_report_action", self.user_manager),
            ("housing_application_proposal_action_analysis", self.user_manager),
            ("housing_host_offer_action_analysis", self.user_manager),
        ):
            with self.subTest(action=xmlid):
                action = self.env.ref(f"solidarity_housing.{xmlid}")
                Model = self.env[action.res_model].with_user(user).with_context(**french)
                modes = action.view_mode.split(",")
                views = Model.get_views([(action.view_id.id if mode == "list" else False, mode) for mode in modes])
                self.assertEqual(set(views["views"]), set(modes))
        menu = self.env.ref("solidarity_housing.housing_pathways_menu_root").with_context(**french)
        self.assertEqual(
            [menu.name, *menu.child_id.sorted("sequence").mapped("name")],
            ["Parcours", "Orientations", "Liste d'attente", "Propositions", "Colocations d'accueil"],
        )
        # the kanban columns of referrals and host flats: every stage, in French
        french_env = self.env(context=french)
        for model, labels in (
            (
                "housing.application",
                [
                    "Reçue",
                    "Diagnostic",
                    "Liste d'attente",
                    "Place proposée",
                    "Acceptée",
                    "Ménage logé",
                    "Désistement",
                    "Refusée",
                ],
            ),
            (
                "housing.host.offer",
                [
                    "Contacté",
                    "Intéressé",
                    "Visite",
                    "Chambre convenue",
                    "Accueil en cours",
                    "Accueil terminé",
                    "Décliné",
                ],
            ),
        ):
            field = self.env[model]._fields["state" if model == "housing.application" else "stage"]
            self.assertTrue(field.group_expand)
            self.assertEqual([label for _key, label in field._description_selection(french_env)], labels)
