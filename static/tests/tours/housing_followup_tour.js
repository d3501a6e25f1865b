import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("solidarity_housing_followup_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Housing app",
            trigger: ".o_app[data-menu-xmlid='solidarity_housing.housing_menu_root']",
            run: "click",
        },
        {
            content: "Open the follow-up menu",
            trigger: "button[data-menu-xmlid='solidarity_housing.housing_followup_menu_root']",
            run: "click",
        },
        {
            content: "Go to my support files",
            trigger: ".dropdown-item[data-menu-xmlid='solidarity_housing.housing_followup_menu_my']",
            run: "click",
        },
        {
            content: "My files are listed",
            trigger: ".o_breadcrumb:contains('My support files')",
        },
        {
            content: "Open a support file",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Yonas Tesf",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Yonas Tesfamariam')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='programme_id'] input",
            run: "edit Domiciles partagés test",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Domiciles partagés test')",
            run: "click",
        },
        {
            content: "Record the first assessment: health cover",
            trigger: ".o_field_widget[name='assessment_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='assessment_ids'] .o_data_row .o_field_widget[name='domain_id'] input",
            run: "edit Health",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Health cover')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='assessment_ids'] .o_data_row .o_field_widget[name='situation'] textarea",
            run: "edit Pas de couverture santé depuis l'arrivée.",
        },
        {
            trigger: ".o_field_widget[name='assessment_ids'] .o_data_row .o_field_widget[name='needs'] textarea",
            run: "edit Demander la PUMa.",
        },
        ...stepUtils.saveForm(),
        {
            content: "Start the support",
            trigger: ".o_form_statusbar button[name='action_start']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Ongoing')",
        },
        {
            content: "Agree a goal",
            trigger: ".o_notebook .nav-link:contains('Support plan')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='goal_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='goal_ids'] .o_data_row .o_field_widget[name='domain_id'] input",
            run: "edit Health",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Health cover')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='goal_ids'] .o_data_row .o_field_widget[name='name'] input",
            run: "edit Obtenir la PUMa",
        },
        {
            content: "Log a meeting",
            trigger: ".o_notebook .nav-link:contains('Meetings')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='meeting_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='meeting_ids'] .o_data_row .o_field_widget[name='duration'] input",
            run: "edit 01:30",
        },
        {
            trigger: ".o_field_widget[name='meeting_ids'] .o_data_row .o_field_widget[name='summary'] textarea",
            run: "edit Visite d'accueil, dossier PUMa préparé.",
        },
        ...stepUtils.saveForm(),
        {
            content: "The meeting counts in the file",
            trigger: ".oe_stat_button:contains('Meetings'):contains('1')",
        },
    ],
});
