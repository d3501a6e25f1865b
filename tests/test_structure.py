import ast
import importlib
import re
import tempfile
import unittest
from pathlib import Path

from odoo.tests import BaseCase, tagged

ADDON = Path(__file__).resolve().parent.parent

#: what belongs to the capabilities that come after (follow-up, billing, collections, documents)
LATER = re.compile(
    r"followup|social[._]profile|absence|collective[._]activity|rent[._]line|billing|arrears|repayment|collections|"
    r"rent[._]document|charges[._]settlement|account\.move"
)
#: the views of the housing stock and of tenancy (the settings screen's own block included)
STOCK_AND_TENANCY_VIEWS = (
    "views/housing_programme_views.xml",
    "views/housing_unit_tag_views.xml",
    "views/housing_unit_views.xml",
    "views/housing_room_views.xml",
    "views/housing_irl_views.xml",
    "views/housing_lease_views.xml",
    "views/housing_occupancy_views.xml",
    "views/res_partner_views.xml",
    "views/res_config_settings_views.xml",
    "views/menus.xml",
)
#: the models holding the companies' settings
SETTINGS_MODELS = ("res.company", "res.config.settings")


def capabilities(addon=ADDON):
    """``[(capability, [model files])]`` in the order of ``models/__init__.py``, whose comment lines open each
    capability's block: the first one is the housing stock and tenancy."""
    blocks = []
    for line in (addon / "models/__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            blocks.append((line.lstrip("# ").split(":")[0], []))
        elif match := re.match(r"from \. import (\w+)$", line):
            blocks[-1][1].append(f"models/{match[1]}.py")
    return blocks


def model_definitions(path):
    """``(models named here, {(model, field): related path or None})`` of the models of one Python file."""
    named, fields = set(), {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ClassDef):
            continue
        attributes = {
            target.id: statement.value
            for statement in node.body
            if isinstance(statement, ast.Assign)
            for target in statement.targets
            if isinstance(target, ast.Name)
        }
        name = attributes.get("_name")
        inherit = attributes.get("_inherit")
        if isinstance(name, ast.Constant):
            named.add(name.value)
        model = name.value if isinstance(name, ast.Constant) else getattr(inherit, "value", None)
        for field_name, value in attributes.items():
            if (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute)
                and getattr(value.func.value, "id", None) == "fields"
            ):
                related = next((kw.value.value for kw in value.keywords if kw.arg == "related"), None)
                fields[(model, field_name)] = related
    return named, fields


def names_in_python(path):
    """Every name a Python file reads or writes: attributes, functions, variables, and its strings' words."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    names |= {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    names |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.arg for node in ast.walk(tree) if isinstance(node, ast.keyword) and node.arg}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " not in node.value:
            names |= set(re.findall(r"[\w.]+", node.value))
    return names


def names_in_xml(path):
    return set(re.findall(r"[A-Za-z_][\w.]*", path.read_text(encoding="utf-8")))


def structure_problems(addon=ADDON):
    """What breaks the one-way dependencies of the addon's capabilities (a list of sentences, empty when none)."""
    blocks = capabilities(addon)
    stock_files = blocks[0][1]
    later_files = [name for _capability, files in blocks[1:] for name in files]
    capability_of = {name: capability for capability, files in blocks for name in files}
    definitions = {name: model_definitions(addon / name) for _capability, files in blocks for name in files}
    stock_models = {model for name in stock_files for model in definitions[name][0]}
    later_models = {model for name in later_files for model in definitions[name][0]}
    stock_fields = {field for name in stock_files for (_model, field) in definitions[name][1]}
    # what a later capability adds to a model it did not create (the stock's, Odoo's): its own fields (a field the
    # stock declares, which a later capability only redefines, e.g. with other groups, stays the stock's)
    later_fields = {
        field
        for name in later_files
        for (model, field) in definitions[name][1]
        if model not in later_models and field not in stock_fields
    }
    problems = []
    for name in stock_files:
        found = sorted(
            item
            for item in names_in_python(addon / name)
            if LATER.search(item) or item in later_fields or item in later_models - stock_models
        )
        if found:
            problems.append(f"{name} reaches into later capabilities: {found}")
    for name in STOCK_AND_TENANCY_VIEWS:
        if not (addon / name).exists():
            continue
        found = sorted(
            item
            for item in names_in_xml(addon / name)
            if item in later_fields or item in later_models - stock_models or LATER.search(item.split(".")[-1])
        )
        if found:
            problems.append(f"{name} names later capabilities' fields or models: {found}")
    # a company setting belongs to the capability that reads it: one of the stock read by later ones only is not
    # the stock's, and the settings screen's field of a company setting is declared with it
    # (the settings screen's mirror of a company setting, ``related="company_id.<setting>"``, is no reader)
    stock_names = {
        name: names_in_python(addon / name)
        - {
            part
            for (model, field), related in definitions[name][1].items()
            if model == "res.config.settings" and (related or "").startswith("company_id.")
            for part in (field, related, related.split(".", 1)[1])
        }
        for name in stock_files
    }
    company_fields = {
        field: name
        for name, (_named, fields) in definitions.items()
        for (model, field) in fields
        if model == "res.company"
    }
    for field, name in sorted(company_fields.items()):
        if name in stock_files and not any(field in names for other, names in stock_names.items() if other != name):
            problems.append(f"{name}: the company setting {field} is read by no file of the stock and tenancy")
    for name, (_named, fields) in definitions.items():
        for (model, field), related in fields.items():
            if model != "res.config.settings" or not (related or "").startswith("company_id."):
                continue
            source = company_fields.get(related.split(".", 1)[1])
            if source and capability_of[source] != capability_of[name]:
                problems.append(
                    f"{name}: the setting {field} shows {related} of another capability ({capability_of[source]})"
                )
    return problems


@tagged("-at_install", "post_install")
class TestStructure(BaseCase):
    def test_stock_and_tenancy_read_without_the_later_capabilities(self):
        """Stock and tenancy (models, views, settings) never name what a later capability adds; each capability's
        settings are in its own files."""
        self.assertEqual(capabilities()[0][0], "stock and tenancy")
        self.assertIn("models/res_company.py", capabilities()[0][1])
        self.assertFalse(structure_problems(), "\n".join(structure_problems()))

    def test_the_check_finds_a_later_setting_in_the_stock(self):
        """The check itself, on an addon whose stock holds billing's setting and whose settings view shows it."""
        with tempfile.TemporaryDirectory() as folder:
            addon = Path(folder)
            (addon / "models").mkdir()
            (addon / "views").mkdir()
            (addon / "models/__init__.py").write_text(
                "# stock and tenancy\nfrom . import res_company\nfrom . import res_config_settings\n"
                "from . import housing_unit\n# billing\nfrom . import housing_billing_run\n"
                "from . import res_partner_billing\n"
            )
            (addon / "models/res_company.py").write_text(
                "from odoo import fields, models\n\n\nclass ResCompany(models.Model):\n"
                '    _inherit = "res.company"\n    housing_due_day = fields.Integer()\n'
            )
            (addon / "models/res_config_settings.py").write_text(
                "from odoo import fields, models\n\n\nclass Settings(models.TransientModel):\n"
                '    _inherit = "res.config.settings"\n'
                '    housing_due_day = fields.Integer(related="company_id.housing_due_day")\n'
            )
            (addon / "models/housing_unit.py").write_text(
                "from odoo import models\n\n\nclass Unit(models.Model):\n    _name = 'housing.unit'\n\n"
                "    def _payers(self):\n        return self.partner_id.housing_payer_kind\n"
            )
            (addon / "models/housing_billing_run.py").write_text(
                "from odoo import models\n\n\nclass Run(models.Model):\n    _name = 'housing.billing.run'\n\n"
                "    def _due(self):\n        return self.company_id.housing_due_day\n"
            )
            (addon / "models/res_partner_billing.py").write_text(
                "from odoo import fields, models\n\n\nclass Partner(models.Model):\n"
                '    _inherit = "res.partner"\n    housing_payer_kind = fields.Char()\n'
            )
            (addon / "views/res_config_settings_views.xml").write_text(
                '<odoo><block name="housing_settings"><field name="housing_due_day"/></block></odoo>'
            )
            problems = structure_problems(addon)
        self.assertEqual(
            problems,
            [
                "models/housing_unit.py reaches into later capabilities: ['housing_payer_kind']",
                "models/res_company.py: the company setting housing_due_day is read by no file of the stock and "
                "tenancy",
            ],
        )

    def test_every_test_file_is_registered(self):
        """Odoo's own runner runs only the modules imported in tests/__init__.py."""
        imported = set(re.findall(r"^from \. import (\w+)$", (ADDON / "tests/__init__.py").read_text(), re.M))
        files = {path.stem for path in (ADDON / "tests").glob("test_*.py")}
        self.assertEqual(files - imported, set())

    def test_every_test_class_is_one_odoo_s_runner_runs(self):
        """Odoo's own runner runs only Odoo's test classes (``BaseCase`` and its subclasses): a plain
        ``unittest.TestCase`` in a test module would run under pytest only."""
        tests = importlib.import_module(__package__)
        plain = sorted(
            f"{module_name}.{name}"
            for module_name, module in vars(tests).items()
            if module_name.startswith("test_")
            for name, value in vars(module).items()
            if isinstance(value, type)
            and issubclass(value, unittest.TestCase)
            and not issubclass(value, BaseCase)
            and value.__module__ == module.__name__
        )
        self.assertEqual(plain, [])
