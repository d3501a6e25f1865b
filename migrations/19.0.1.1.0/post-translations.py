from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Statuses that read with the gender of their record (une convention "Terminée", une chambre "Complète", une
    activité "Réalisée"...) got English sources of their own. A module update keeps the French a database already
    has for a status whose English changed: load the addon's French again over the old one."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    module = env["ir.module.module"].search([("name", "=", "solidarity_housing")])
    module._update_translations(overwrite=True)
