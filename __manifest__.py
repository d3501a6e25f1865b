{
    "name": "Solidarity Housing",
    "summary": "Housing stock, intermediation leases, rent-split billing and "
    "social follow-up for associations that house vulnerable people",
    "version": "19.0.1.0.0",
    "category": "Services/Housing",
    "author": "Solidarity Housing contributors",
    "website": "https://github.com/solidarity-housing/solidarity_housing",
    "license": "AGPL-3",
    "depends": ["base", "mail", "contacts", "account", "report_xlsx"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/housing_programme_views.xml",
        "views/housing_unit_tag_views.xml",
        "views/housing_unit_views.xml",
        "views/housing_room_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/res_partner_household_demo.xml",
        "demo/housing_programme_demo.xml",
        "demo/housing_unit_tag_demo.xml",
        "demo/housing_unit_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "solidarity_housing/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
