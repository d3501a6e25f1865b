# stock and tenancy
from . import housing_alert_mixin
from . import mail_activity
from . import res_partner
from . import res_company
from . import res_config_settings
from . import housing_analytic_mixin
from . import housing_programme
from . import housing_import_template
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
from . import housing_absence_detail
from . import housing_collective_activity
from . import housing_programme_followup
from . import housing_occupancy_followup
from . import res_partner_followup
from . import res_partner_personal_data
from . import mail_activity_plan_template
from . import res_company_followup
from . import res_config_settings_followup

# billing
from . import housing_month_mixin
from . import housing_rent_line
from . import housing_occupancy_billing
from . import housing_lease_billing
from . import housing_billing_run
from . import housing_billing_run_error
from . import account_move
from . import res_company_billing
from . import res_config_settings_billing

# collections
from . import housing_arrears
from . import housing_repayment_plan
from . import housing_repayment_plan_line
from . import res_partner_collections
from . import res_company_collections
from . import res_config_settings_collections
from . import housing_followup_collections
from . import housing_occupancy_collections
from . import housing_occupancy_share_collections
from . import account_move_collections

# tenant documents and charges settlements
from . import housing_rent_document
from . import report_housing_rent_document
from . import ir_actions_report
from . import housing_charges_settlement
from . import housing_charges_settlement_line
from . import housing_charges_settlement_share
from . import res_company_documents
from . import res_config_settings_documents

# reports: read everything, write nothing
from . import housing_indicator
from . import housing_indicator_tenancy
from . import housing_indicator_money
from . import housing_indicator_followup

# the CAF's payment statement and the occupants' portal
from . import housing_caf_statement_mapping
from . import housing_caf_statement
from . import housing_caf_statement_line
from . import housing_rent_line_caf
from . import account_move_caf
from . import res_partner_caf
from . import housing_rent_document_caf
from . import housing_occupancy_portal
from . import housing_rent_document_portal
from . import housing_repayment_plan_portal
from . import housing_receipt_request

# Camp resorption and hotel shelter
from . import housing_programme_resorption
from . import housing_camp_phase
from . import housing_camp_condition_question
from . import housing_camp_site
from . import housing_camp_site_condition
from . import housing_camp_site_phase
from . import housing_camp_census
from . import housing_camp_census_member
from . import housing_camp_census_need
from . import housing_camp_census_detail
from . import housing_followup_medical
from . import housing_followup_resorption
from . import housing_move
from . import housing_move_handover
from . import housing_shelter_stay
from . import housing_shelter_night_report
from . import account_move_shelter
from . import account_move_line_shelter
from . import housing_indicator_resorption
from . import report_housing_resorption_xlsx

# pathways into housing: referrals, proposals, host recruitment (before tenancy; create agreements through it)
from . import housing_application_reason
from . import housing_application
from . import housing_application_assessment
from . import housing_application_proposal
from . import housing_application_report
from . import housing_programme_payer
from . import housing_programme_pathways
from . import housing_unit_tag_pathways
from . import housing_room_pathways
from . import housing_occupancy_pathways
from . import housing_host_offer
from . import housing_host_offer_submission
from . import res_company_pathways
from . import res_config_settings_pathways
from . import housing_indicator_pathways
from . import housing_occupancy_report
from . import housing_collection_report
from . import report_housing_funder_pack
from . import report_housing_funder_pack_xlsx
from . import housing_application_waiting_period
