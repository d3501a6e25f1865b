import ast
import re
from pathlib import Path

from odoo.tests import BaseCase, tagged

ADDON = Path(__file__).resolve().parent.parent

#: the files of the housing stock and of tenancy: they must read without the later capabilities
STOCK_AND_TENANCY = (
    "models/housing_programme.py",
    "models/housing_unit.py",
    "models/housing_unit_tag.py",
    "models/housing_room.py",
    "models/housing_lease.py",
    "models/housing_occupancy.py",
    "models/housing_occupancy_share.py",
    "models/housing_irl.py",
    "models/housing_rent_revision.py",
    "models/housing_rent_revisable_mixin.py",
    "models/res_partner.py",
)
#: what belongs to the capabilities that come after (follow-up, billing, collections, documents)
LATER = re.compile(
    r"followup|social[._]profile|absence|collective[._]activity|rent[._]line|billing|arrears|repayment|"
    r"rent[._]document|charges[._]settlement|account\.move"
)


@tagged("-at_install", "post_install")
class TestStructure(BaseCase):
    def test_stock_and_tenancy_read_without_the_later_capabilities(self):
        for name in STOCK_AND_TENANCY:
            source = (ADDON / name).read_text(encoding="utf-8")
            tree = ast.parse(source)
            strings = [
                node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            ]
            names = [node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)]
            names += [node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
            names += [
                target.id
                for node in ast.walk(tree)
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            ]
            found = sorted({item for item in strings + names if LATER.search(item) and " " not in item})
            self.assertFalse(found, f"{name} reaches into later capabilities: {found}")

    def test_every_test_file_is_registered(self):
        """Odoo's own runner runs only the modules imported in tests/__init__.py."""
        imported = set(re.findall(r"^from \. import (\w+)$", (ADDON / "tests/__init__.py").read_text(), re.M))
        files = {path.stem for path in (ADDON / "tests").glob("test_*.py")}
        self.assertEqual(files - imported, set())
