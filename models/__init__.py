# stock and tenancy
from . import housing_alert_mixin
from . import mail_activity
from . import res_partner
from . import res_company
from . import res_config_settings
from . import housing_analytic_mixin
from . import housing_programme
from . import housing_unit_tag
from . import housing_unit
from . import housing_room
from . import housing_irl
from . import housing_rent_revisable_mixin
from . import housing_rent_revision
from . import housing_lease
from . import housing_occupancy
from . import housing_occupancy_share

# social follow-up (reads tenancy)
from . import housing_followup_domain
from . import housing_social_profile
from . import housing_followup
from . import housing_followup_alert
from . import housing_followup_assessment
from . import housing_followup_goal
from . import housing_followup_meeting
from . import housing_followup_hours_report
from . import housing_absence
from . import housing_collective_activity
from . import housing_programme_followup
from . import housing_occupancy_followup
from . import res_partner_followup
from . import res_partner_personal_data
from . import mail_activity_plan_template

# billing
from . import housing_month_mixin
from . import housing_rent_line
from . import housing_occupancy_billing
from . import housing_lease_billing
from . import housing_billing_run
from . import housing_billing_run_error
from . import account_move

# collections
from . import housing_arrears
from . import housing_repayment_plan
from . import housing_repayment_plan_line
from . import res_partner_collections

# tenant documents and charges settlements
from . import housing_rent_document
from . import report_housing_rent_document
from . import ir_actions_report
from . import housing_charges_settlement
from . import housing_charges_settlement_line
from . import housing_charges_settlement_share

# reports: read everything, write nothing
from . import housing_indicator
from . import housing_indicator_tenancy
from . import housing_indicator_money
from . import housing_indicator_followup
from . import housing_occupancy_report
from . import housing_collection_report
from . import report_housing_funder_pack
from . import report_housing_funder_pack_xlsx
