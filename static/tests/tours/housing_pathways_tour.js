import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("solidarity_housing_pathways_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Housing app",
            trigger: ".o_app[data-menu-xmlid='solidarity_housing.housing_menu_root']",
            run: "click",
        },
        {
            content: "Open the pathways menu",
            trigger: "button[data-menu-xmlid='solidarity_housing.housing_pathways_menu_root']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='solidarity_housing.housing_application_menu']",
            run: "click",
        },
        {
            content: "The referrals, stage by stage",
            trigger: ".o_kanban_view .o_kanban_group:contains('Waiting list')",
        },
        {
            content: "Record a referral",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Amina Yus",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Amina Yusuf')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='programme_ids'] input",
            run: "edit Colocations solidaires test",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Colocations solidaires test')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "Put the household on the waiting list",
            trigger: ".o_form_statusbar button[name='action_add_to_waiting_list']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Waiting list')",
        },
        {
            content: "Find a place",
            trigger: ".o_form_statusbar button[name='action_find_rooms']",
            run: "click",
        },
        {
            content: "The room empty for the longest comes first",
            trigger: ".modal .o_data_row:first:contains('Montreuil')",
        },
        {
            content: "Propose it",
            trigger: ".modal .o_data_row:first button[name='action_propose']",
            run: "click",
        },
        {
            content: "The household accepts",
            trigger: "body:not(:has(.modal)) .o_form_statusbar button[name='action_accept']",
            run: "click",
        },
        {
            content: "The draft agreement is prepared",
            trigger: ".o_form_view .o_field_widget[name='partner_id']:contains('Amina Yusuf')",
        },
        {
            content: "Sign and activate it",
            trigger: ".o_form_statusbar button[name='action_activate']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Active')",
        },
    ],
});
