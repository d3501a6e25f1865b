import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("solidarity_housing_documents_tour", {
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
            content: "Open the month's tenant documents",
            trigger: ".dropdown-item[data-menu-xmlid='solidarity_housing.housing_rent_document_wizard_menu']",
            run: "click",
        },
        {
            content: "Payment notices are proposed for this month",
            trigger: ".modal .o_field_widget[name='request'] input[data-value='notice']:checked",
        },
        {
            content: "Prepare the notices of every occupant",
            trigger: ".modal button[name='action_prepare']",
            run: "click",
        },
        {
            content: "Two notices are ready",
            trigger: ".modal .o_field_widget[name='summary']:contains('2 payment notices')",
        },
        {
            trigger: ".modal .o_field_widget[name='document_ids'] .o_data_row:contains('Mohamed Benali'):contains('200.00')",
        },
        {
            content: "E-mail them",
            trigger: ".modal button[name='action_send']",
            run: "click",
        },
        {
            content: "One went by e-mail, the other is to print",
            trigger: ".modal .o_field_widget[name='summary']:contains('1 of 2 documents e-mailed')",
        },
        {
            trigger: ".modal .o_field_widget[name='unsent_document_ids'] .o_data_row:contains('Fatima Haddad')",
        },
        {
            trigger: ".modal button[name='action_print_unsent']",
        },
        {
            content: "Close",
            trigger: ".modal-footer button.btn-secondary:contains('Close')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});

registry.category("web_tour.tours").add("solidarity_housing_settlement_tour", {
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
            content: "Open the charges settlements",
            trigger: ".dropdown-item[data-menu-xmlid='solidarity_housing.housing_charges_settlement_menu']",
            run: "click",
        },
        {
            content: "Open the draft settlement of the unit",
            trigger: ".o_data_row:contains('Appartement Tanger') .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "The landlord bills' charges are proposed",
            trigger: ".o_field_widget[name='landlord_charges']:contains('900.00')",
        },
        {
            content: "Enter the landlord's statement",
            trigger: ".o_field_widget[name='actual_charges'] input",
            run: "edit 2000",
        },
        {
            content: "Compute the agreements' shares",
            trigger: ".o_form_statusbar button[name='action_compute']",
            run: "click",
        },
        {
            content: "Fatima bears a quarter of the actual charges",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Fatima Haddad'):contains('500.00'):contains('140.00')",
        },
        {
            trigger: ".o_field_widget[name='amount_difference']:contains('227.92')",
        },
        {
            content: "Confirm and bill",
            trigger: ".o_form_statusbar button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Yes, issue the invoices",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The settlement is confirmed with its invoices",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Confirmed')",
        },
        {
            content: "The payers' balance is invoiced",
            trigger: ".o_field_widget[name='amount_to_invoice']:contains('189.52')",
        },
    ],
});
