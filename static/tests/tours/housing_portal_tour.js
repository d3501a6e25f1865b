import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("solidarity_housing_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "The occupant opens 'My housing' from the portal home",
            trigger: ".o_portal_index_card a[href$='/my/housing']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Their agreement: the dwelling, the room and who pays what",
            trigger: ".o_housing_agreement_card:contains('Appartement Tanger'):contains('Chambre 1'):contains('200,00')",
        },
        {
            content: "Choose March, fully paid",
            trigger: "select[name='month']",
            run: "select 2025-03-01",
        },
        {
            content: "Ask for its rent receipt",
            trigger: "button.o_housing_ask_receipt",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The receipt is ready",
            trigger: ".o_housing_message:contains('mars 2025')",
        },
        {
            content: "Download it",
            trigger: "a.o_housing_download",
            async run() {
                const link = document.querySelector("a.o_housing_download");
                const response = await fetch(link.href);
                const disposition = response.headers.get("Content-Disposition") || "";
                if (!response.ok || !disposition.includes("attachment")) {
                    throw new Error(`The rent receipt could not be downloaded (${response.status} ${disposition})`);
                }
                document.body.classList.add("o_housing_receipt_downloaded");
            },
        },
        {
            content: "Downloaded",
            trigger: "body.o_housing_receipt_downloaded",
        },
    ],
});
