import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("solidarity_housing_tenancy_tour", {
    url: "/odoo/action-solidarity_housing.housing_occupancy_action",
    steps: () => [
        {
            content: "Place a new household",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Wait for the new agreement's form",
            trigger: ".o_form_view .o_form_statusbar button[name='action_activate']",
        },
        {
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Amina Yusuf",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Amina Yusuf')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='unit_id'] input",
            run: "edit Appartement Tanger",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Appartement Tanger')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='room_id'] input",
            run: "edit Chambre 2",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Chambre 2')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='lease_id'] input:value('BAIL-')",
        },
        {
            trigger: ".o_field_widget[name='date_start'] input",
            run: "edit 03/01/2025",
        },
        {
            trigger: ".o_field_widget[name='rent'] input",
            run: "edit 390",
        },
        {
            trigger: ".o_field_widget[name='charges'] input",
            run: "edit 60",
        },
        {
            content: "The CAF pays 210 from the month after entry",
            trigger: ".o_field_widget[name='share_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='share_ids'] .o_data_row.o_selected_row:nth-child(1) .o_field_widget[name='payer_kind'] .o_select_menu .dropdown-toggle",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('Housing allowance')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='share_ids'] .o_data_row.o_selected_row:nth-child(1) .o_field_widget[name='partner_id'] input",
            run: "edit CAF Test",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('CAF Test')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='share_ids'] .o_data_row.o_selected_row:nth-child(1) .o_field_widget[name='amount'] input",
            run: "edit 210",
        },
        {
            content: "The occupant pays the rest",
            trigger: ".o_field_widget[name='share_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Only once the new (second) row is the one being edited, tick it: never the CAF's",
            trigger: ".o_field_widget[name='share_ids'] .o_data_row.o_selected_row:nth-child(2) .o_field_widget[name='is_remainder'] input",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "Activate the agreement",
            trigger: ".o_form_statusbar button[name='action_activate']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Active')",
        },
        {
            content: "Revise the rents whose anniversary has come",
            trigger: ".o_main_navbar .o-dropdown[data-menu-xmlid='solidarity_housing.housing_menu_tenancy']",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item[data-menu-xmlid='solidarity_housing.housing_rent_revision_wizard_menu']",
            run: "click",
        },
        {
            content: "The head lease is due: 1200.00 × 150.00 / 148.50 = 1212.12",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:contains('1,212.12')",
        },
        {
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The revisions applied are listed",
            trigger: "body:not(:has(.modal)) .o_breadcrumb:contains('Rent revisions')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('1,212.12')",
        },
    ],
});
