import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("solidarity_housing_caf_statement_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Housing app",
            trigger: ".o_app[data-menu-xmlid='solidarity_housing.housing_menu_root']",
            run: "click",
        },
        {
            content: "Open the billing menu",
            trigger: "button[data-menu-xmlid='solidarity_housing.housing_menu_billing']",
            run: "click",
        },
        {
            content: "The CAF statement can be imported from here",
            trigger: ".dropdown-item[data-menu-xmlid='solidarity_housing.housing_caf_statement_import_menu']",
        },
        {
            content: "Open the CAF statements",
            trigger: ".dropdown-item[data-menu-xmlid='solidarity_housing.housing_caf_statement_menu']",
            run: "click",
        },
        {
            content: "Open the statement to validate",
            trigger: ".o_data_row:contains('CAF Test 2025-04') td[name='name']",
            run: "click",
        },
        {
            content: "Two lines matched, one with another amount",
            trigger: ".o_field_widget[name='matched_count']:contains('2')",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Occupant02 Test'):contains('Amount differs'):contains('left due by the CAF')",
        },
        {
            content: "The allowance changed: the difference goes to the occupant's share",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Occupant02 Test') td[name='difference_action']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_selected_row .o_field_widget[name='difference_action'] .o_select_menu .dropdown-toggle",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('The allowance changed')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "Validate the statement",
            trigger: ".o_form_statusbar button[name='action_validate']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Validated: the payment is registered",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Validated')",
        },
        {
            trigger: ".oe_stat_button:contains('Payment')",
        },
    ],
});
