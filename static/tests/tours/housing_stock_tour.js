import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("solidarity_housing_stock_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Housing app",
            trigger: ".o_app[data-menu-xmlid='solidarity_housing.housing_menu_root']",
            run: "click",
        },
        {
            content: "The units kanban shows the free beds of the existing unit",
            trigger: ".o_kanban_record:contains('Appartement Tanger'):contains('4 / 4')",
        },
        {
            content: "Register a new unit",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Mobil-home 7",
        },
        {
            trigger: ".o_field_widget[name='programme_id'] input",
            run: "edit Domiciles partagés",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Domiciles partagés test')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='unit_type'] .o_select_menu .dropdown-toggle",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('Mobile home')",
            run: "click",
        },
        {
            content: "Add its only room",
            trigger: ".o_field_widget[name='room_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='room_ids'] .o_data_row .o_field_widget[name='name'] input",
            run: "edit Mobil-home entier",
        },
        {
            trigger: ".o_field_widget[name='room_ids'] .o_data_row .o_field_widget[name='capacity'] input",
            run: "edit 5",
        },
        ...stepUtils.saveForm(),
        {
            content: "The unit has a reference and five free beds",
            trigger: ".o_stat_info:contains('5 / 5')",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Free')",
        },
    ],
});
