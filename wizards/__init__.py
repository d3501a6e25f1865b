from . import housing_occupancy_exit_wizard
from . import housing_lease_glide_wizard
from . import housing_rent_revision_wizard
from . import housing_followup_handover
from . import housing_personal_data_export
from . import housing_rent_document_wizard
from . import housing_funder_report_wizard
