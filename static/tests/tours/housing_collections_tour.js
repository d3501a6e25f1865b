import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("solidarity_housing_collections_tour", {
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
            content: "Go to the arrears",
            trigger: ".dropdown-item[data-menu-xmlid='solidarity_housing.housing_arrears_menu']",
            run: "click",
        },
        {
            content: "The household owes three months of rent, all of it less than 90 days late",
            trigger: ".o_data_row:contains('Amina Diallo'):contains('1,350.00'):contains('3.00')",
        },
        {
            content: "Open the household",
            trigger: ".o_data_row:contains('Amina Diallo') .o_data_cell[name='partner_id']",
            run: "click",
        },
        {
            content: "The household is in arrears",
            trigger: ".o_form_view .ribbon:contains('In arrears')",
        },
        {
            content: "Agree a repayment plan",
            trigger: ".o_form_statusbar button[name='action_new_plan']",
            run: "click",
        },
        {
            content: "The debt is the household's arrears",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: function () {
                const amount = document.querySelector(".o_field_widget[name='amount'] input").value;
                if (amount !== "1,350.00") {
                    throw new Error(`The debt should default to the arrears (1,350.00), not ${amount}`);
                }
            },
        },
        {
            content: "Over six months",
            trigger: ".o_field_widget[name='instalment_count'] input",
            run: "edit 6 && click body",
        },
        {
            content: "Six instalments of 225.00",
            trigger: ".o_field_widget[name='instalment_amount']:contains('225.00')",
            run: function () {
                const rows = document.querySelectorAll(".o_field_widget[name='line_ids'] .o_data_row");
                if (rows.length !== 6) {
                    throw new Error(`The schedule should have 6 instalments, not ${rows.length}`);
                }
            },
        },
        ...stepUtils.saveForm(),
        {
            content: "Confirm the plan",
            trigger: ".o_form_statusbar button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The plan is running",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Running')",
        },
    ],
});
