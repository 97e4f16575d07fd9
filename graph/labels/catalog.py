"""The labels a front end shows for the values of the closed sets: English here (the msgid),
Vietnamese in core/locales, the msgctxt being the GraphQL enum's name (so "Khá" of a rating and
"Khá" of a classification are translated apart). Values stay English identifiers; only the label
follows the request's language. tests/graph/test_labels.py checks every value has one."""

from __future__ import annotations

from typing import Final

from core.i18n import Message, label_msg

LABELS: Final[dict[str, dict[str, Message]]] = {
    "UnitKind": {
        "NATION": label_msg("UnitKind", "Nation"),
        "PROVINCE": label_msg("UnitKind", "Province"),
        "DISTRICT": label_msg("UnitKind", "District"),
        "COMMUNE": label_msg("UnitKind", "Commune"),
        "RESIDENTIAL_AREA": label_msg("UnitKind", "Residential area"),
        "AGENCY": label_msg("UnitKind", "Agency"),
        "ENTERPRISE": label_msg("UnitKind", "Enterprise"),
        "SCHOOL": label_msg("UnitKind", "School"),
    },
    "PlanKind": {
        "PLAN": label_msg("PlanKind", "Plan"),
        "PROGRAMME": label_msg("PlanKind", "Programme"),
        "GUIDANCE": label_msg("PlanKind", "Guidance"),
        "DECISION": label_msg("PlanKind", "Decision"),
        "OFFICIAL_LETTER": label_msg("PlanKind", "Official letter"),
    },
    "PlanStatus": {
        "DRAFT": label_msg("PlanStatus", "Draft"),
        "ISSUED": label_msg("PlanStatus", "Issued"),
        "SUPERSEDED": label_msg("PlanStatus", "Superseded"),
    },
    "ReportKind": {
        "IMPLEMENTATION": label_msg("ReportKind", "Implementation report"),
        "SIX_MONTH": label_msg("ReportKind", "Six-month report"),
        "ANNUAL": label_msg("ReportKind", "Annual report"),
        "AD_HOC": label_msg("ReportKind", "Ad hoc report"),
        "RECOGNITION": label_msg("ReportKind", "Recognition dossier"),
    },
    "TargetStatus": {
        "MET": label_msg("TargetStatus", "Met"),
        "ON_TRACK": label_msg("TargetStatus", "On track"),
        "DUE_SOON": label_msg("TargetStatus", "Due soon"),
        "OVERDUE": label_msg("TargetStatus", "Overdue"),
        "MISSED": label_msg("TargetStatus", "Missed"),
    },
    "TargetCategory": {
        "DIRECTING_DOCUMENTS": label_msg("TargetCategory", "Directing documents"),
        "PILOT_WARD_POLICE": label_msg("TargetCategory", "Pilot ward police"),
        "TYPICAL_UNITS": label_msg("TargetCategory", "Typical units"),
        "MODELS": label_msg("TargetCategory", "Movement models"),
        "TRANSFORMING_AREAS": label_msg("TargetCategory", "Transforming complex areas"),
        "FESTIVAL_DAY": label_msg("TargetCategory", "National security festival day"),
        "CIRCULAR_124_DECISION_510": label_msg(
            "TargetCategory", "Circular 124 and Decision 510 assessment"
        ),
    },
    "ModelStatus": {
        "ACTIVE": label_msg("ModelStatus", "Active"),
        "MERGED": label_msg("ModelStatus", "Merged"),
        "WOUND_UP": label_msg("ModelStatus", "Wound up"),
    },
    "ModelOrigin": {
        "NEW": label_msg("ModelOrigin", "New"),
        "MAINTAINED": label_msg("ModelOrigin", "Maintained"),
    },
    "ModelRatingClass": {
        "TOT": label_msg("ModelRatingClass", "Good"),
        "KHA": label_msg("ModelRatingClass", "Fair"),
        "TRUNG_BINH": label_msg("ModelRatingClass", "Average"),
        "YEU": label_msg("ModelRatingClass", "Weak"),
    },
    "Classification": {
        "XUAT_SAC": label_msg("Classification", "Excellent"),
        "KHA": label_msg("Classification", "Fair"),
        "TRUNG_BINH": label_msg("Classification", "Average"),
        "YEU": label_msg("Classification", "Weak"),
    },
    "CampaignKind": {
        "BUILD": label_msg("CampaignKind", "Build"),
        "MAINTAIN": label_msg("CampaignKind", "Maintain"),
    },
    "CampaignState": {
        "REGISTERED": label_msg("CampaignState", "Registered"),
        "PLAN_SUBMITTED": label_msg("CampaignState", "Plan submitted"),
        "SIX_MONTH_REPORTED": label_msg("CampaignState", "Six-month report sent"),
        "ANNUAL_REPORTED": label_msg("CampaignState", "Annual report sent"),
        "DOSSIER_COMPLETE": label_msg("CampaignState", "Dossier complete"),
        "SUBMITTED": label_msg("CampaignState", "Submitted for recognition"),
        "UNDER_REVIEW": label_msg("CampaignState", "Under review"),
        "RECOGNISED": label_msg("CampaignState", "Recognised"),
        "RETURNED": label_msg("CampaignState", "Returned"),
    },
    "CampaignAction": {
        "SUBMIT_PLAN": label_msg("CampaignAction", "Submit the plan"),
        "REPORT_SIX_MONTHS": label_msg("CampaignAction", "Send the six-month report"),
        "REPORT_ANNUAL": label_msg("CampaignAction", "Send the annual report"),
        "COMPLETE_DOSSIER": label_msg("CampaignAction", "Complete the dossier"),
        "SUBMIT": label_msg("CampaignAction", "Submit for recognition"),
        "START_REVIEW": label_msg("CampaignAction", "Start the review"),
        "RECOGNISE": label_msg("CampaignAction", "Recognise"),
        "RETURN": label_msg("CampaignAction", "Return"),
    },
    "DocumentKind": {
        "PLAN": label_msg("DocumentKind", "Plan"),
        "SIX_MONTH_REPORT": label_msg("DocumentKind", "Six-month report"),
        "ANNUAL_REPORT": label_msg("DocumentKind", "Annual report"),
        "PROPOSAL": label_msg("DocumentKind", "Proposal"),
        "RESULTS_REPORT": label_msg("DocumentKind", "Results report with evidence"),
        "REVIEW_MINUTES": label_msg("DocumentKind", "Review meeting minutes"),
        "OTHER": label_msg("DocumentKind", "Other"),
    },
    "ScheduleStep": {
        "TYPICAL_REGISTRATION": label_msg("ScheduleStep", "Typical-unit registration"),
        "UNIT_PLAN": label_msg("ScheduleStep", "Plan of the selected unit"),
        "SIX_MONTH_REPORT": label_msg("ScheduleStep", "Six-month report"),
        "ANNUAL_REPORT": label_msg("ScheduleStep", "Annual report"),
        "DOSSIER_SUBMISSION": label_msg("ScheduleStep", "Recognition dossier submission"),
        "RECOGNITION": label_msg("ScheduleStep", "Review and recognition"),
        "ASSESSMENT_ENTRY": label_msg("ScheduleStep", "Assessment entry"),
        "DECISION510_REPORT": label_msg("ScheduleStep", "Decision 510 classification report"),
        "IMPLEMENTATION_REPORT": label_msg("ScheduleStep", "Implementation report"),
    },
    "QuotaKind": {
        "XA": label_msg("QuotaKind", "Commune"),
        "PHUONG_THI_TRAN": label_msg("QuotaKind", "Ward or township"),
        "DAC_KHU": label_msg("QuotaKind", "Special zone"),
        "AGENCY": label_msg("QuotaKind", "Agency"),
        "ENTERPRISE": label_msg("QuotaKind", "Enterprise"),
        "SCHOOL": label_msg("QuotaKind", "Educational institution"),
    },
    "QuotaAddressee": {
        "EACH_CHILD": label_msg("QuotaAddressee", "Each unit directly below"),
        "ISSUER": label_msg("QuotaAddressee", "The issuing level itself"),
    },
    "QuotaMeasure": {
        "REGISTERED": label_msg("QuotaMeasure", "Registered"),
        "RECOGNISED": label_msg("QuotaMeasure", "Recognised"),
    },
    "Role": {
        "MINISTRY_VIEWER": label_msg("Role", "Ministry viewer"),
        "PROVINCE_ADMIN": label_msg("Role", "Province administrator"),
        "PROVINCE_REVIEWER": label_msg("Role", "Province reviewer"),
        "DISTRICT_OFFICER": label_msg("Role", "District officer"),
        "DISTRICT_REVIEWER": label_msg("Role", "District reviewer"),
        "COMMUNE_OFFICER": label_msg("Role", "Commune officer"),
        "AGENCY_HEAD": label_msg("Role", "Head of agency"),
        "DEPARTMENT_VIEWER": label_msg("Role", "Department viewer"),
        "INTEGRATION": label_msg("Role", "Integration"),
    },
    "ProposalState": {
        "PROPOSED": label_msg("ProposalState", "Proposed"),
        "CONFIRMED": label_msg("ProposalState", "Confirmed"),
        "CORRECTED": label_msg("ProposalState", "Corrected"),
    },
    "SafetyState": {
        "PROPOSED": label_msg("SafetyState", "Proposed"),
        "RECOGNISED": label_msg("SafetyState", "Recognised"),
        "NOT_RECOGNISED": label_msg("SafetyState", "Not recognised"),
    },
    "WorkStatus": {
        "OPEN": label_msg("WorkStatus", "Not yet due"),
        "DONE": label_msg("WorkStatus", "Done"),
        "DONE_LATE": label_msg("WorkStatus", "Done late"),
        "OVERDUE": label_msg("WorkStatus", "Overdue"),
    },
    "CalendarEntryKind": {
        "TASK": label_msg("CalendarEntryKind", "Task"),
        "REPORT": label_msg("CalendarEntryKind", "Report"),
        "TARGET": label_msg("CalendarEntryKind", "Target"),
    },
    "DeliveryStatus": {
        "PENDING": label_msg("DeliveryStatus", "Pending"),
        "DELIVERED": label_msg("DeliveryStatus", "Delivered"),
        "FAILED": label_msg("DeliveryStatus", "Failed"),
    },
}


def label_of(enum: str, value: str) -> str:
    """The label of `enum`'s value `value` (GraphQL names) in the current language."""
    return str(LABELS[enum][value])
