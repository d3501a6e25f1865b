from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The French of the addon was corrected: statuses no longer read "Région" (the address's region), dates
    no longer "Démarrer" (the verb)... A module update keeps the translations a database already has: load
    the addon's French again over the old one, or users of an existing database would still read the old."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    module = env["ir.module.module"].search([("name", "=", "solidarity_housing")])
    module._update_translations(overwrite=True)
