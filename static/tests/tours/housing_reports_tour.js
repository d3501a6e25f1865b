import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/** Keep a trace of every file the web client downloads, so that the tour can wait for each one. */
function watchDownloads() {
    const { download } = odoo.loader.modules.get("@web/core/network/download");
    if (download._housingWatched) {
        return;
    }
    const original = download._download;
    download._housingWatched = true;
    download._download = async (options) => {
        const result = await original(options);
        const [url, type] = JSON.parse(options.data.data);
        const marker = document.createElement("div");
        marker.className = "o_housing_download d-none";
        marker.dataset.url = url;
        marker.dataset.type = type;
        document.body.appendChild(marker);
        return result;
    };
}

registry.category("web_tour.tours").add("solidarity_housing_reports_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Watch the downloads",
            trigger: "body",
            run: watchDownloads,
        },
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='solidarity_housing.housing_menu_root']",
            run: "click",
        },
        {
            trigger: ".o_main_navbar .o-dropdown[data-menu-xmlid='solidarity_housing.housing_menu_reporting']",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item[data-menu-xmlid='solidarity_housing.housing_funder_report_wizard_menu']",
            run: "click",
        },
        {
            content: "The funder pack, in French, with the association's programme",
            trigger: ".modal .modal-title:contains('Rapport aux financeurs')",
        },
        {
            trigger: ".modal .o_field_widget[name='programme_ids'] .o_tag:contains('Domiciles partagés test')",
        },
        {
            trigger: ".modal .o_field_widget[name='period_type'] input[data-value='quarter']",
            run: "click",
        },
        {
            content: "A quarter asks which one",
            trigger: ".modal .o_field_widget[name='quarter']",
        },
        {
            trigger: ".modal .o_field_widget[name='period_type'] input[data-value='year']",
            run: "click",
        },
        {
            content: "Download the PDF",
            trigger: ".modal button[name='action_print_pdf']",
            run: "click",
        },
        {
            trigger: ".o_housing_download[data-url*='/report/pdf/solidarity_housing.report_housing_funder_pack/']:not(:visible)",
        },
        {
            content: "Download the XLSX",
            trigger: ".modal button[name='action_print_xlsx']",
            run: "click",
        },
        {
            trigger:
                ".o_housing_download[data-type='xlsx'][data-url*='/report/xlsx/solidarity_housing.report_housing_funder_pack_xlsx/']:not(:visible)",
        },
        {
            trigger: ".modal .modal-footer button:contains('Fermer')",
            run: "click",
        },
        {
            content: "The dashboard, from the same menu",
            trigger: ".o_main_navbar .o-dropdown[data-menu-xmlid='solidarity_housing.housing_menu_reporting']",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item[data-menu-xmlid='solidarity_housing.housing_dashboard_menu']",
            run: "click",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status))",
        },
    ],
});
