from . import housing_occupancy_exit_wizard
from . import housing_lease_glide_wizard
from . import housing_rent_revision_wizard
from . import housing_followup_handover
from . import housing_personal_data_export
from . import housing_rent_document_wizard
from . import housing_caf_statement_import
from . import housing_camp_site_close
from . import housing_shelter_bill_check
from . import housing_shelter_bill_check_line
from . import housing_resorption_export

# pathways into housing
from . import housing_application_match
from . import housing_application_match_line
from . import housing_application_reason_wizard
from . import housing_funder_report_wizard
