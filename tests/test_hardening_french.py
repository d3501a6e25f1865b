"""Every screen of the addon as a French user reads it: no label left in English, none translated for
another context (a status that reads "Région", a date that reads "Démarrer")."""

import re
from pathlib import Path

from lxml import etree

from odoo.tests import tagged

from .common import HousingCase
from .common_followup import FollowupSetup

#: labels that read the same in French (checked against the French screens)
SAME_IN_FRENCH = {
    "Absence",
    "Absences",
    "Accessible",
    "Action",
    "Actions",
    "Active",
    "Association",
    "Charges",
    "Code",
    "Commune",
    "Configuration",
    "Contact",
    "Contacts",
    "Date",
    "Dates",
    "Description",
    "Destination",
    "Document",
    "Documents",
    "Domiciliation",
    "E-mail",
    "Email",
    "IBAN",
    "ID",
    "Latitude",
    "Longitude",
    "Message",
    "Messages",
    "Note",
    "Notes",
    "Occupant",
    "Occupants",
    "Parts",
    "Phase",
    "Phases",
    "Places",
    "Plan",
    "Plans",
    "Point (1.234,50)",
    "Point (12.50)",
    "Population",
    "Provisions",
    "Public",
    "Question",
    "Site",
    "Situation",
    "Surface (m²)",
    "Total",
    "Type",
    "Vacant",
    "Volume (m³)",
    "Windows (cp1252)",
}
#: French words that are verbs (a button), never the label of a date
VERBS = {"Démarrer", "Terminer", "Commencer", "Clôturer", "Confirmer", "Annuler", "Valider", "Arrêter", "Début", "Fin"}
#: translations of an address's region, never the label of a status
REGIONS = {"Région", "Département", "Province"}
#: attributes a user reads
READ_ATTRIBUTES = ("string", "placeholder", "help", "sum", "confirm", "title", "aria-label")
#: acronyms and names: the same in every language
ACRONYM = re.compile(r"^[A-Z0-9 ,./&()\-–—:%²]+$")


def _addon_terms():
    """The English terms of the addon's translation template: those a French translation is expected for."""
    text = (Path(__file__).parent.parent / "i18n" / "solidarity_housing.pot").read_text(encoding="utf-8")
    terms = set()
    for block in re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.M):
        term = "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"')
        if term:
            terms.add(term)
    return terms


@tagged("post_install", "-at_install")
class TestHardeningFrench(FollowupSetup, HousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        # the French the addon ships, whatever an earlier version left in the database (migrations load it again)
        cls.env["ir.module.module"].search([("name", "=", "solidarity_housing")])._update_translations(
            "fr_FR", overwrite=True
        )
        cls.user = cls._new_user(
            "french", "solidarity_housing.group_housing_manager,account.group_account_invoice,base.group_system"
        )
        cls.user.lang = "fr_FR"
        cls.terms = _addon_terms()

    def _models(self):
        """Every model of the addon, those added by later capabilities too, and the ones it extends."""
        names = [name for name in self.registry if name.startswith("housing.") and not self.env[name]._abstract]
        return [*sorted(names), "res.partner", "res.config.settings"]

    def _views(self, model, lang):
        return (
            self.env[model]
            .with_user(self.user)
            .with_context(lang=lang)
            .get_views([(False, "list"), (False, "form"), (False, "search")])
        )

    def _problems(self, model):
        french, english = self._views(model, "fr_FR"), self._views(model, "en_US")
        problems = []
        for view_type in ("list", "form", "search"):
            fr_root = etree.fromstring(french["views"][view_type]["arch"])
            en_root = etree.fromstring(english["views"][view_type]["arch"])
            if not french["views"][view_type]["id"]:
                # a view Odoo generates titles itself with the model's technical description, shown nowhere
                for node in fr_root.iter("list", "form", "sheet", "search"):
                    node.attrib.pop("string", None)
            problems += self._walk(model, view_type, fr_root, en_root, model, french["models"], english["models"])
        return problems

    def _walk(self, where, view_type, fr_node, en_node, model, fr_models, en_models):
        self.assertEqual(fr_node.tag, en_node.tag, f"{where}: the French and English views differ")
        problems = []
        if fr_node.get("invisible") in ("1", "True") or fr_node.get("column_invisible") in ("1", "True"):
            return problems
        submodel = model
        if fr_node.tag == "field":
            name = fr_node.get("name")
            fr_field = fr_models.get(model, {}).get("fields", {}).get(name, {})
            en_field = en_models.get(model, {}).get("fields", {}).get(name, {})
            submodel = fr_field.get("relation") or model
            label = fr_node.get("string") or fr_field.get("string")
            source = en_node.get("string") or en_field.get("string")
            context = f"{where} {view_type} field {name}"
            problems += self._check(context, label, source, model, name, fr_field)
            if fr_field.get("help") and fr_field.get("help") == en_field.get("help"):
                problems += self._check(f"{context} (help)", fr_field["help"], en_field["help"], model)
            for (value, fr_label), (_value, en_label) in zip(
                fr_field.get("selection") or [], en_field.get("selection") or [], strict=True
            ):
                problems += self._check(f"{context} (value {value})", fr_label, en_label, model)
        for attribute in READ_ATTRIBUTES:
            if fr_node.tag == "field" and attribute == "string":
                continue
            if fr_node.get(attribute):
                problems += self._check(
                    f"{where} {view_type} {fr_node.tag} {attribute}",
                    fr_node.get(attribute),
                    en_node.get(attribute),
                    model,
                )
        if fr_node.text and fr_node.text.strip():
            problems += self._check(f"{where} {view_type} {fr_node.tag} text", fr_node.text, en_node.text, model)
        fr_children, en_children = list(fr_node), list(en_node)
        self.assertEqual(len(fr_children), len(en_children), f"{where}: the French and English views differ")
        for fr_child, en_child in zip(fr_children, en_children, strict=True):
            problems += self._walk(where, view_type, fr_child, en_child, submodel, fr_models, en_models)
            if fr_child.tail and fr_child.tail.strip():
                problems += self._check(f"{where} {view_type} text", fr_child.tail, en_child.tail, model)
        return problems

    def _check(self, context, label, source, model, fname=None, field=None):
        label, source = (label or "").strip(), (source or "").strip()
        if not label or not re.search(r"[A-Za-z]", label):
            return []
        problems = []
        if fname and field:
            status = fname == "state" or fname.endswith("_state")
            if status and label in REGIONS:
                problems.append(f"{context}: a status reads “{label}” (an address's region)")
            if field.get("type") in ("date", "datetime") and label in VERBS:
                problems.append(f"{context}: a date reads “{label}” (a verb or a bare word)")
        expected = model.startswith("housing.") or source in self.terms
        if label == source and expected and source not in SAME_IN_FRENCH and not ACRONYM.match(source):
            problems.append(f"{context}: “{label}” is left in English")
        return problems

    def test_every_screen_reads_in_french(self):
        problems = []
        for model in self._models():
            with self.subTest(model=model):
                problems += self._problems(model)
        self.assertFalse(problems, "\n" + "\n".join(problems))

    def test_entry_plan_reads_in_french(self):
        """The entry plan's activities are named in the social worker's language, like their types."""
        followup = self._new_followup(self.head)
        followup.with_user(self.user_social).with_context(lang="fr_FR").action_apply_entry_plan()
        self.assertEqual(
            followup.activity_ids.sorted("date_deadline").mapped("summary"),
            [
                "Visite d'accueil dans le logement",
                "Ouvrir ou transférer le dossier CAF (aide au logement)",
                "Domiciliation à la nouvelle adresse",
                "Vérifier ou ouvrir la couverture santé",
            ],
        )

    def test_status_values_agree_with_their_record(self):
        """A status value shared between models reads in French with the gender of each record: une convention
        terminée, un bail terminé; une chambre complète, un logement complet..."""
        expected = {
            ("housing.occupancy", "state", "ended"): "Terminée",
            ("housing.lease", "state", "ended"): "Terminé",
            ("housing.room", "state", "partial"): "Partiellement occupée",
            ("housing.room", "state", "full"): "Complète",
            ("housing.unit", "state", "partial"): "Partiellement occupé",
            ("housing.unit", "state", "full"): "Complet",
            ("housing.collective.activity", "state", "planned"): "Prévue",
            ("housing.collective.activity", "state", "done"): "Réalisée",
            ("housing.followup.meeting", "state", "planned"): "Prévu",
            ("housing.followup.meeting", "state", "done"): "Tenu",
            ("housing.repayment.plan", "state", "cancel"): "Annulé",
            ("housing.charges.settlement", "state", "cancelled"): "Annulée",
            ("housing.rent.line", "payment_state", "paid"): "Payée",
            ("housing.rent.line", "payment_state", "credited"): "Créditée",
            ("housing.repayment.plan.line", "state", "kept"): "Payée",
        }
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        found = {
            (model, fname, value): dict(env[model]._fields[fname]._description_selection(env))[value]
            for model, fname, value in expected
        }
        self.assertEqual(found, expected)
        # labels of the same kind: an amount reads as an amount
        self.assertEqual(env["housing.caf.statement.line"]._fields["due_amount"]._description_string(env), "Montant dû")
        self.assertEqual(env["housing.absence"]._fields["detail_ids"]._description_string(env), "Détails confidentiels")
        # the search filters say the same
        arch = env["housing.occupancy"].with_user(self.user).get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn('string="Terminée"', arch)

    def test_personal_data_export_reads_in_french(self):
        """The export's sections are titled in the reader's language."""
        data = self.head.with_user(self.user_manager).with_context(lang="fr_FR")._housing_personal_data()
        self.assertTrue(
            {"Conventions d'occupation", "Orientations reçues", "Recensements", "Suivis médicaux", "Séjours à l'hôtel"}
            <= set(data),
            sorted(data),
        )
