from . import housing_followup_handover
from . import housing_personal_data_export
