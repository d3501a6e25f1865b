import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// the browser's today, whatever day the tour runs: the consent is given today, the move is planned today
const today = luxon.DateTime.now();

registry.category("web_tour.tours").add("solidarity_housing_resorption_tour", {
    url: "/odoo/action-solidarity_housing.housing_camp_site_action",
    steps: () => [
        {
            content: "Register a camp site",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Campement du Ramier",
        },
        {
            trigger: ".o_field_widget[name='programme_id'] input",
            run: "edit Résorption test",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Résorption test')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='city'] input",
            run: "edit Toulouse",
        },
        ...stepUtils.saveForm(),
        {
            content: "Census its households",
            trigger: ".oe_stat_button[name='action_view_census']",
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Ion Dragan",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Ion Dragan')",
            run: "click",
        },
        {
            content: "The head of household is the first member",
            trigger: ".o_field_widget[name='member_ids'] .o_data_row:contains('Ion Dragan')",
        },
        {
            trigger: ".o_field_widget[name='member_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='member_ids'] .o_data_row.o_selected_row .o_field_widget[name='name'] input",
            run: "edit Luca Dragan",
        },
        {
            trigger: ".o_field_widget[name='member_ids'] .o_data_row.o_selected_row .o_field_widget[name='birthdate'] input",
            run: "edit 09/01/2017",
        },
        {
            content: "The household's consent",
            trigger: ".o_field_widget[name='consent_date'] input",
            run: `edit ${today.toFormat("MM/dd/yyyy")}`,
        },
        {
            trigger: ".o_field_widget[name='consent_given_to_id'] input",
            run: "edit Housing cesf",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Housing cesf')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "Open the accompaniment",
            trigger: ".o_form_statusbar button[name='action_open_followup']",
            run: "click",
        },
        {
            content: "The support file is open",
            trigger: ".o_form_statusbar button[name='action_open_handover']",
        },
        {
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Ion Dragan')",
            run: "click",
        },
        {
            content: "Plan the move",
            trigger: ".o_form_statusbar button[name='action_new_move']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='date_planned'] input",
            run: `edit ${today.toFormat("MM/dd/yyyy")} 09:00:00`,
        },
        {
            trigger: ".o_field_widget[name='unit_id'] input",
            run: "edit Mobil-home A",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Mobil-home A')",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains('Hand-over')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='next_case_manager_id'] input",
            run: "edit Sophie Martin",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Sophie Martin')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "The household moves",
            trigger: ".o_form_statusbar button[name='action_done']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Carried out')",
        },
    ],
});
