import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("solidarity_housing_billing_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='solidarity_housing.housing_menu_root']",
            run: "click",
        },
        {
            trigger: ".o_main_navbar .o-dropdown[data-menu-xmlid='solidarity_housing.housing_menu_billing']",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item[data-menu-xmlid='solidarity_housing.housing_billing_run_menu']",
            run: "click",
        },
        {
            content: "Open a billing of this month",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Bill the month",
            trigger: ".o_form_statusbar button[name='action_start']:contains('Bill the month')",
            run: "click",
        },
        {
            content: "The month is billed: three invoices (two occupants and the CAF)",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        {
            content: "Open them",
            trigger: "button[name='action_view_moves']:contains('Invoices'):contains('3')",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('CAF Test'):contains('420.00')",
        },
    ],
});
