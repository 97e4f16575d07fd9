"""Descriptions for every type, field, argument, input field and enum value of the schema
(English, with the Vietnamese term where one exists), applied to the built schema where the
code gave none. A description written in the code (`strawberry.field(description=…)`) wins.

One name means one thing everywhere (the naming scheme), so names that recur (`id`, `version`,
`first`, `after`, `asOf`, `edges`, …) are described once in `BY_NAME`; `BY_COORDINATE` holds
the rest, keyed by schema coordinate: `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`.
Connections, edges and mutation result unions are described from their shape.
`tests/graph/test_schema_lint.py` fails on anything undocumented and on stale keys here.
"""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
)

BY_NAME: dict[str, str] = {
    "id": "Global ID (Relay): opaque, stable, accepted by `node(id:)`.",
    "version": "Optimistic-locking version: send the one you read with a change; a stale one "
    "answers VersionConflict.",
    "first": "Page size (default ANTQ_DEFAULT_PAGE_SIZE, at most ANTQ_MAX_PAGE_SIZE).",
    "after": "Cursor of the last edge already seen (`pageInfo.endCursor`): the page after it.",
    "asOf": "Date the administrative structure is read on (effective-dated hierarchy; default "
    "as documented on the field).",
    "year": "Calendar year of the cycle (năm).",
    "edges": "The page's items, each with its cursor.",
    "pageInfo": "Where this page is: whether more follow, and its first and last cursors.",
    "totalCount": "Number of items matching, over all pages.",
    "cursor": "Opaque keyset position of this item, for `after`.",
    "node": "The item.",
    "message": "Human-readable explanation.",
    "code": "Stable machine-readable code.",
    "input": "The mutation's input.",
    "unit": "The administrative unit (đơn vị hành chính) concerned.",
    "under": "Code of a unit: only what lies in its subtree.",
    "unitCode": "Official code of a unit (mã đơn vị, GSO code).",
    "note": "Free-text note (ghi chú).",
    "createdAt": "When it was created (UTC).",
    "createdBy": "Username of whoever created it.",
    "kind": "What kind it is (loại).",
    "status": "Current status (trạng thái).",
    "name": "Name (tên).",
    "title": "Title (tiêu đề / trích yếu).",
    "number": 'Document number (số hiệu), e.g. "86/KH-BCĐ"; null when not numbered yet.',
    "issuedOn": "Date the document was issued (ngày ban hành).",
    "dueOn": "Last on-time day (hạn).",
    "completedOn": "Day it was completed (ngày hoàn thành); null while open.",
    "on": "Date of the step (default: today in Vietnam); checked against the deadlines.",
    "username": "Login name of a person or service account.",
    "actor": "Username of whoever made the change.",
    "at": "When it happened (UTC).",
    "children": "One entry per unit directly below, in hierarchy order.",
    "total": "The whole subtree's figures.",
    "filter": "Filters, all optional, combined with AND.",
    "stt": 'Row number in the plan\'s table (số thứ tự), e.g. "1", "2.a".',
    "text": "Exact wording (nội dung).",
    "category": "Group of targets in seed 000's tables (nhóm chỉ tiêu).",
    "quantity": "What is asked, typed (số lượng / mức chỉ tiêu).",
    "deadline": "When it is due (thời gian hoàn thành).",
    "plan": "Global ID of a Plan (kế hoạch).",
    "planId": "Global ID of a Plan (kế hoạch).",
    "parentId": "Global ID of the Plan this one implements.",
    "supersedesId": "Global ID of the Plan this one replaces.",
    "ids": "Global IDs (Relay), at most ANTQ_MAX_PAGE_SIZE.",
    "raw": "The original wording, as written in the document.",
    "evidence": "References to evidence (minh chứng): document numbers, file references.",
    "rows": "Every row of the sheet as understood.",
    "errors": "Every problem, with its sheet row and column; any error means nothing is written.",
    "committed": "True when the rows were written; false for a dry run or when a row failed.",
    "row": "Sheet row number (1-based; 0 = the sheet as a whole).",
    "classification": "Decision 510 class (xếp loại): Xuất sắc, Khá, Trung bình, Yếu.",
    "safetyRegistered": 'Registered for "An toàn về an ninh, trật tự" (Circular 124, đăng ký).',
    "safetyAchieved": 'Recognised "An toàn về an ninh, trật tự" (Circular 124, đạt); null '
    "until assessed.",
    "count": "How many.",
    "met": "Whether the target or rule is met (đạt).",
    "onTrack": "How many are on track (đúng tiến độ).",
    "dueSoon": "How many are due within 14 days (sắp đến hạn).",
    "overdue": "How many are past their due day this year (quá hạn).",
    "missed": "How many were not met by the end of the year (không đạt).",
    "rated": "How many models were rated that year.",
    "tot": "Rated Tốt (good).",
    "kha": "Rated Khá (fair).",
    "trungBinh": "Rated Trung bình (average).",
    "yeu": "Rated Yếu (weak).",
    "meetsRule": "At least 80% rated Tốt or Khá and none Yếu.",
    "unitName": "Name of the unit.",
    "label": "Vietnamese label, as printed in documents.",
    "percent": "Share in percent; null when there is nothing to count.",
    "target": "The target to meet (chỉ tiêu), in percent.",
    "figures": "Reported figures (số liệu), by criterion code.",
    "reasons": "Each reason, one per line (lý do).",
    "file": "The .xlsx file (GraphQL multipart request).",
    "startsOn": "First day of a period or window, when the deadline has one.",
    "objectives": "Objectives and requirements (mục đích, yêu cầu).",
    "url": "Where events are POSTed (https in production).",
    "kinds": "Kinds of change events delivered; empty or null: every kind.",
    "active": "Whether events are delivered.",
    "keyId": "Public id of an API key (the part after `antq_`).",
    "displayName": "Name shown to people.",
    "items": 'Named parts of the quantity, e.g. the models of "03 mô hình gồm: …".',
    "value": "The number reported or asked.",
    "reportedOn": "Day the progress was achieved or reported (ngày báo cáo).",
    "tasks": "Tasks assigned by the plan (nhiệm vụ).",
    "path": 'Materialised path of unit codes (ltree), e.g. "vn.p38.d380".',
    "includePredecessors": "Also count units merged into these (unit successions).",
    "period": "Reporting period: ANNUAL (năm) or SIX_MONTHS (6 tháng).",
    "model": "Global ID of a MovementModel (mô hình).",
    "role": "Role name (vai trò).",
    "campaignId": "Global ID of a TypicalCampaign.",
    "achieved": "Latest reported value (kết quả đạt được).",
}

BY_COORDINATE: dict[str, str] = {
    # -- units ------------------------------------------------------------------------------
    "AdminUnit.kind": "Level or kind of the unit (cấp / loại đơn vị).",
    "AdminUnit.name": 'Full official name, e.g. "Huyện Hậu Lộc".',
    "AdminUnit.shortName": 'Name without its kind, e.g. "Hậu Lộc".',
    "AdminUnit.validFrom": "First day of this incarnation; null when older than the data.",
    "AdminUnit.asOf": "The date this unit's relations are read on.",
    "AdminUnit.children(kind:)": "Only children of this kind.",
    "AdminUnit.children(asOf:)": "Structure on this date (default: the unit's `asOf`).",
    "UnitLink": "A succession between units (merge, split, transfer, the 2025 reform).",
    "UnitLink.unit": "The unit on the other side of the link.",
    "UnitLink.effectiveOn": "Day the succession took effect.",
    "UnitLink.reason": "Why: merge, split, transfer or reform.",
    "UnitKind": "Kinds and levels of units (cấp hành chính; cơ quan, doanh nghiệp, cơ sở "
    "giáo dục).",
    "UnitKind.NATION": "The nation (toàn quốc).",
    "UnitKind.PROVINCE": "Province or centrally-run city (tỉnh, thành phố trực thuộc trung ương).",
    "UnitKind.DISTRICT": "District level (huyện, quận, thị xã, thành phố thuộc tỉnh), abolished "
    "on 1 July 2025.",
    "UnitKind.COMMUNE": "Commune level (xã, phường, thị trấn, đặc khu).",
    "UnitKind.RESIDENTIAL_AREA": "Residential area (khu dân cư: thôn, bản, ấp, tổ dân phố).",
    "UnitKind.AGENCY": "Agency (cơ quan).",
    "UnitKind.ENTERPRISE": "Enterprise (doanh nghiệp).",
    "UnitKind.SCHOOL": "School or educational institution (cơ sở giáo dục).",
    "UnitFilter.kind": "Only units of this kind.",
    "Query.units(filter:)": "Kind, subtree, date and name filters.",
    "Me": "The signed-in user (người dùng) and the roles they hold.",
    "Me.roles": "Every role held, each at one unit (it applies to that unit's subtree).",
    "RoleAssignment": "A role held at a unit (phân quyền).",
    "GrantRoleInput.asOf": "Date the unit code is read on (default today).",
    "RevokeRoleInput.asOf": "Date the unit code is read on (default today).",
    "Role.MINISTRY_VIEWER": "Reads the whole country (Bộ Công an, V05); held at the nation.",
    "Role.PROVINCE_ADMIN": "Administers a province (quản trị cấp tỉnh): plans, targets, "
    "schedules, and the people and roles below it.",
    "Role.PROVINCE_REVIEWER": "Reviews and confirms at province level (thẩm định cấp tỉnh).",
    "Role.DISTRICT_OFFICER": "Enters and reports for a district (cán bộ cấp huyện).",
    "Role.DISTRICT_REVIEWER": "Reviews and confirms the communes of a district.",
    "Role.COMMUNE_OFFICER": "Enters and reports for a commune (Công an xã).",
    "Role.AGENCY_HEAD": "Head of an agency, enterprise or school (thủ trưởng cơ quan, doanh "
    "nghiệp, cơ sở giáo dục).",
    "Role.DEPARTMENT_VIEWER": "A provincial department assigned tasks (sở, ban, ngành): reads.",
    "Role.INTEGRATION": "A service account of another system (tài khoản tích hợp) at a "
    "province, district or commune: reads its subtree, imports.",
    # -- audit ------------------------------------------------------------------------------
    "AuditEntry.action": "What was done, e.g. grant_role, create_plan.",
    "AuditEntry.objectType": "Kind of object changed.",
    "AuditEntry.objectId": "Database key of the object changed.",
    "AuditEntry.unitPath": "Path of the unit the change belongs to.",
    "AuditEntry.before": "The object before the change; null for a creation.",
    "AuditEntry.after": "The object after the change; null for a deletion.",
    "AuditEntryConnection": "A page of audit entries (nhật ký), newest first.",
    # -- plans ------------------------------------------------------------------------------
    "Plan.kind": "Kind of document (loại văn bản).",
    "Plan.status": "DRAFT, ISSUED or SUPERSEDED.",
    "Plan.citedDocuments": "Documents the plan cites (căn cứ).",
    "Plan.tasks": "Tasks assigned by the plan to departments (nhiệm vụ).",
    "Plan.targets(asOf:)": "Date target statuses are computed on (default today).",
    "Plan.targets(unit:)": "Only targets of this unit.",
    "Plan.implementation(asOf:)": "Structure on this date (default today).",
    "PlanKind": "Kinds of directing documents.",
    "PlanKind.PLAN": "Plan (kế hoạch).",
    "PlanKind.PROGRAMME": "Programme (chương trình).",
    "PlanKind.GUIDANCE": "Guidance (hướng dẫn).",
    "PlanKind.DECISION": "Decision (quyết định).",
    "PlanKind.OFFICIAL_LETTER": "Official letter (công văn).",
    "PlanStatus.DRAFT": "Draft (dự thảo): not issued yet.",
    "PlanStatus.ISSUED": "Issued (đã ban hành) and in force.",
    "PlanStatus.SUPERSEDED": "Replaced by a later plan (đã thay thế).",
    "PlanFilter.year": "Only plans of this year.",
    "PlanFilter.status": "Only plans with this status.",
    "PlanImplementation": "A unit directly below a plan's issuer and the plans it issued to "
    "implement it.",
    "PlanImplementation.plans": "Its plans implementing this one.",
    "PlanImplementation.hasPlan": "Whether it issued at least one.",
    "PlanImplementation.unit": "The unit below the issuer.",
    "PlanTask": "A task a plan assigns (nhiệm vụ).",
    "PlanTask.description": "What is to be done.",
    "PlanTask.dueOn": "Deadline of the task, when it has one.",
    "PlanTaskInput": "A task of a new plan.",
    "PlanTaskInput.assignee": "Department or unit assigned (đơn vị chủ trì).",
    "PlanTaskInput.description": "What is to be done.",
    "PlanTaskInput.dueOn": "Deadline of the task, when it has one.",
    "ReportingDeadline": "A report a plan asks of a unit, and when (hạn báo cáo).",
    "ReportingDeadline.kind": "Which report.",
    "ReportingDeadline.unit": "The unit that reports.",
    "ReportingDeadlineInput": "A report a new plan asks for.",
    "ReportingDeadlineInput.kind": "Which report.",
    "ReportKind": "Kinds of reports (báo cáo).",
    "ReportKind.IMPLEMENTATION": "Implementation report (báo cáo triển khai).",
    "ReportKind.SIX_MONTH": "Six-month report (báo cáo 6 tháng).",
    "ReportKind.ANNUAL": "Annual report (báo cáo năm).",
    "ReportKind.AD_HOC": "Ad hoc report (báo cáo đột xuất).",
    "ReportKind.RECOGNITION": "Recognition report (báo cáo công nhận).",
    "CreatePlanInput": "A new plan (createPlan).",
    "CreatePlanInput.kind": "Kind of document.",
    "CreatePlanInput.issuingBody": 'Who issues it (cơ quan ban hành), e.g. "BCĐ 138 tỉnh".',
    "CreatePlanInput.status": "DRAFT or ISSUED.",
    "CreatePlanInput.citedDocuments": "Documents it cites (căn cứ).",
    "CreatePlanInput.parentId": "Global ID of the plan it implements.",
    "CreatePlanInput.supersedesId": "Global ID of the plan it replaces.",
    "CreatePlanInput.subordinatePlansDue": "When units below must have issued their plans.",
    "CreatePlanInput.reportingDeadlines": "Reports asked of the units below.",
    "UpdatePlanInput.status": "New status (DRAFT → ISSUED → SUPERSEDED).",
    "UpdatePlanInput.parentId": "Global ID of the plan it implements.",
    "PlanConnection": "A page of plans (Relay connection).",
    # -- targets ----------------------------------------------------------------------------
    "Target.achievedOn": "Day the target was met; null until then.",
    "Target.status": "Status on the query's `asOf` (antq_target_status).",
    "TargetCategory": "Groups of targets (nhóm chỉ tiêu) in the plans' tables.",
    "TargetCategory.DIRECTING_DOCUMENTS": "Directing documents (văn bản chỉ đạo).",
    "TargetCategory.PILOT_WARD_POLICE": "Pilot model ward police (mô hình Công an phường điểm).",
    "TargetCategory.TYPICAL_UNITS": "Typical units (điển hình tiên tiến).",
    "TargetCategory.MODELS": "Movement models (mô hình).",
    "TargetCategory.TRANSFORMING_AREAS": "Transforming complex areas (chuyển hóa địa bàn).",
    "TargetCategory.FESTIVAL_DAY": "Festival day 19/8 (Ngày hội toàn dân bảo vệ ANTQ).",
    "TargetCategory.CIRCULAR_124_DECISION_510": "Circular 124 and Decision 510 assessments.",
    "TargetStatus.MET": "The latest progress satisfies the quantity (đạt).",
    "TargetStatus.ON_TRACK": "Not met, not due yet (đúng tiến độ).",
    "TargetStatus.DUE_SOON": "Not met, due within 14 days (sắp đến hạn).",
    "TargetStatus.OVERDUE": "Not met, past its due day within the year (quá hạn).",
    "TargetStatus.MISSED": "Not met by the end of the year (không đạt).",
    "TargetConnection": "A page of targets (Relay connection).",
    "TargetFilter.year": "Only targets of this year.",
    "TargetFilter.planId": "Only targets of this plan (global ID).",
    "TargetFilter.category": "Only targets of this group.",
    "TargetFilter.status": "Only targets with this status on `asOf`.",
    "TargetQuantity.kind": "COUNT, PERCENT, NAMED_LIST or TEXT.",
    "TargetQuantity.unit": 'Unit of the count, e.g. "văn bản", "mô hình".',
    "TargetQuantity.qualifier": 'Qualifier of the quantity, e.g. "ít nhất".',
    "TargetQuantity.condition": 'Condition attached, e.g. "trở lên".',
    "QuantityKind": "How a target's quantity is expressed.",
    "QuantityKind.COUNT": 'A number of things ("02 văn bản").',
    "QuantityKind.PERCENT": 'A share ("≥ 80%").',
    "QuantityKind.NAMED_LIST": 'Named items with counts ("03 mô hình gồm: …").',
    "QuantityKind.TEXT": "Wording only, nothing to count.",
    "QuantityInput": "What a new target asks for.",
    "QuantityInput.kind": "How the quantity is expressed.",
    "QuantityInput.unit": 'Unit of the count, e.g. "văn bản".',
    "DeadlineInput": "When a new target is due.",
    "DeadlineInput.kind": "One of date, month, quarter, before, window or per_unit_kind.",
    "TargetDeadline.kind": "One of date, month, quarter, before, window or per_unit_kind.",
    "TargetDeadline.data": "The full typed deadline (services.target_terms).",
    "NamedItem": "One named part of a NAMED_LIST quantity.",
    "NamedItem.count": "How many of it; null when not stated.",
    "NamedItem.label": "The item as written.",
    "ProgressReport": "Progress reported against a target (báo cáo tiến độ).",
    "ProgressReport.reportedBy": "Who reported it.",
    "ProgressReport.reportedAt": "When it was recorded (UTC).",
    "CreateTargetInput": "A new target (createTarget).",
    "ReportProgressInput": "Progress on a target (reportProgress).",
    "ReportProgressInput.id": "Global ID of the Target.",
    "TargetRollup": "Target statuses of a unit's subtree and of each child (tổng hợp chỉ tiêu).",
    "TargetRollup.asOf": "Date the statuses are computed on.",
    "TargetStatusCounts": "Targets by status.",
    "TargetStatusCounts.total": "All targets counted.",
    "Query.targets(asOf:)": "Date statuses are computed on (default today).",
    "Query.targetRollup(asOf:)": "Date statuses are computed on (default today).",
    "Query.calendar(from:)": "First day of the window.",
    "Query.calendar(to:)": "Last day of the window.",
    "Query.calendar(asOf:)": "Structure and statuses on this date (default today).",
    "CalendarEntry.title": "What is due.",
    "CalendarEntry.overdue": "Past due and not done.",
    "CalendarEntry.unit": "The unit that owes it.",
    "CalendarEntryKind": "What a calendar entry is.",
    "CalendarEntryKind.TASK": "A plan task.",
    "CalendarEntryKind.REPORT": "A report due.",
    "CalendarEntryKind.TARGET": "A target's deadline.",
    # -- models -----------------------------------------------------------------------------
    "MovementModel.foundedOn": "Day it was founded (ngày thành lập).",
    "MovementModel.endedOn": "Day it merged or was wound up.",
    "MovementModel.type": "Type of model from the catalogue (loại mô hình).",
    "ModelType": 'A type of model in the catalogue, e.g. "Camera với ANTT".',
    "ModelType.code": "Stable code of the type.",
    "ModelStatus": "Life of a model.",
    "ModelStatus.ACTIVE": "Active (đang hoạt động).",
    "ModelStatus.MERGED": "Merged into another model (đã sáp nhập).",
    "ModelStatus.WOUND_UP": "Wound up (đã giải thể).",
    "ModelOrigin": "Whether a model is new this cycle or maintained.",
    "ModelOrigin.NEW": "Newly built (xây dựng mới).",
    "ModelOrigin.MAINTAINED": "Maintained from before (duy trì).",
    "ModelRating": "A model's yearly rating by the level above (đánh giá).",
    "ModelRating.rating": "Tốt, Khá, Trung bình or Yếu.",
    "ModelRating.reviewer": "Who rated it.",
    "ModelRatingClass.TOT": "Good (Tốt).",
    "ModelRatingClass.KHA": "Fair (Khá).",
    "ModelRatingClass.TRUNG_BINH": "Average (Trung bình).",
    "ModelRatingClass.YEU": "Weak (Yếu).",
    "ModelRollup": "Model ratings of a unit's subtree and of each child (tổng hợp mô hình).",
    "RatingCounts": "Models by rating.",
    "CreateMovementModelInput": "A new model (createMovementModel).",
    "CreateMovementModelInput.typeCode": "Code of its type (`modelTypes`).",
    "CreateMovementModelInput.foundedOn": "Day it was founded.",
    "ChangeMovementModelStatusInput": "A model merged or wound up (changeMovementModelStatus).",
    "ChangeMovementModelStatusInput.endedOn": "Day it ended (default today).",
    "ChangeMovementModelStatusInput.mergedIntoId": "Global ID of the model it merged into.",
    "RateMovementModelInput": "A yearly rating of a model (rateMovementModel).",
    "MovementModelConnection": "A page of models (Relay connection).",
    "Query.movementModels(type:)": "Only models of this type code.",
    # -- criteria, campaigns, assessments ---------------------------------------------------
    "CriteriaSet": "A versioned, effective-dated set of criteria (bộ tiêu chí), e.g. "
    "Decision 9745/QĐ-BCA-V05's.",
    "CriteriaSet.code": "Stable code of the set.",
    "CriteriaSet.decisionRef": "The decision that issued it.",
    "CriteriaSet.effectiveFrom": "First day it applies.",
    "CriteriaSet.effectiveTo": "Last day it applies; null while in force.",
    "CriteriaSet.temporary": "Issued as temporary (tạm thời).",
    "CriteriaSet.appliesTo": "Unit kinds it applies to.",
    "CriteriaSet.groups(grouping:)": 'Which grouping of the criteria (e.g. "thap_muoi_2024").',
    "CriteriaGroup": "A group of criteria (nhóm tiêu chí).",
    "CriteriaGroup.ordinal": "Position of the group.",
    "CriteriaGroup.criterionCodes": "Codes of its criteria, in order.",
    "Criterion": "One criterion (tiêu chí) with its exact text.",
    "Criterion.ordinal": "Position within the set.",
    "Criterion.groupCode": "Code of its group.",
    "Criterion.appliesTo": "Unit kinds it applies to.",
    "CriterionOutcome": "A criterion's result in a campaign.",
    "CriterionOutcome.criterion": "The criterion.",
    "CriterionOutcome.met": "Whether it is met (computed where a rule exists).",
    "CriterionOutcome.declaredMet": "What the unit declared.",
    "CriterionOutcome.explanation": "The unit's explanation.",
    "CriterionResultInput": "A criterion's result (recordCriterionResults).",
    "CriterionResultInput.criterionCode": "Code of the criterion.",
    "Query.criteriaSets(unitKind:)": "Only sets applying to this unit kind.",
    "Query.criteriaSets(asOf:)": "Sets in force on this date (default today).",
    "TypicalCampaign": "A unit's yearly campaign to be recognised as a typical unit "
    "(xây dựng điển hình tiên tiến).",
    "TypicalCampaign.kind": "BUILD (new) or MAINTAIN (recognised before).",
    "TypicalCampaign.state": "Where the campaign is.",
    "TypicalCampaign.registerDeadline": "Registration deadline (30/3).",
    "TypicalCampaign.submitDeadline": "Dossier deadline (default 25/10).",
    "TypicalCampaign.registeredOn": "Day it registered.",
    "TypicalCampaign.registeredBy": "Who registered it.",
    "TypicalCampaign.planSubmittedOn": "Day the plan was submitted.",
    "TypicalCampaign.sixMonthReportedOn": "Day the six-month report was sent.",
    "TypicalCampaign.annualReportedOn": "Day the annual report was sent.",
    "TypicalCampaign.dossierCompletedOn": "Day the dossier was complete.",
    "TypicalCampaign.submittedOn": "Day it was submitted for review.",
    "TypicalCampaign.submittedBy": "Who submitted it.",
    "TypicalCampaign.reviewStartedOn": "Day the review started.",
    "TypicalCampaign.decidedOn": "Day it was recognised or returned.",
    "TypicalCampaign.decidedBy": "Who decided.",
    "TypicalCampaign.returnReasons": "Why it was returned, one reason each.",
    "TypicalCampaign.previousFigures": "Last year's figures, for comparison.",
    "TypicalCampaign.documents": "The dossier's documents (hồ sơ).",
    "TypicalCampaignConnection": "A page of campaigns.",
    "CampaignKind.BUILD": "Building a new typical unit (xây dựng).",
    "CampaignKind.MAINTAIN": "Maintaining a recognised one (duy trì).",
    "CampaignState": "States of a typical-unit campaign.",
    "CampaignState.REGISTERED": "Registered (đã đăng ký).",
    "CampaignState.PLAN_SUBMITTED": "Plan submitted (đã gửi kế hoạch).",
    "CampaignState.SIX_MONTH_REPORTED": "Six-month report sent.",
    "CampaignState.ANNUAL_REPORTED": "Annual report sent.",
    "CampaignState.DOSSIER_COMPLETE": "Dossier complete (đủ hồ sơ).",
    "CampaignState.SUBMITTED": "Submitted for review (đã trình).",
    "CampaignState.UNDER_REVIEW": "Under review by the level above (đang thẩm định).",
    "CampaignState.RECOGNISED": "Recognised (đã công nhận).",
    "CampaignState.RETURNED": "Returned with reasons (trả lại).",
    "CampaignAction.SUBMIT_PLAN": "Submit the campaign's plan.",
    "CampaignAction.REPORT_SIX_MONTHS": "Send the six-month report.",
    "CampaignAction.REPORT_ANNUAL": "Send the annual report (needs every criterion's result "
    "with evidence).",
    "CampaignAction.COMPLETE_DOSSIER": "Declare the dossier complete (needs its documents).",
    "CampaignAction.SUBMIT": "Submit for review.",
    "CampaignAction.START_REVIEW": "Start the review (the level above).",
    "CampaignAction.RECOGNISE": "Recognise (needs 100% of the applicable criteria met).",
    "CampaignAction.RETURN": "Return it with reasons.",
    "CampaignEvent": "One step of a campaign.",
    "CampaignEvent.action": "The step taken.",
    "CampaignEvent.fromState": "State before; null for the registration.",
    "CampaignEvent.toState": "State after.",
    "CampaignEvent.on": "Date of the step.",
    "CampaignFilter.year": "Only campaigns of this year.",
    "CampaignFilter.state": "Only campaigns in this state.",
    "CampaignDocument": "A document of a campaign's dossier (hồ sơ).",
    "CampaignDocument.fileRef": "Where the file is kept (reference).",
    "CampaignDocument.addedBy": "Who added it.",
    "DocumentKind": "Kinds of dossier documents.",
    "DocumentKind.PLAN": "The campaign's plan (kế hoạch).",
    "DocumentKind.SIX_MONTH_REPORT": "Six-month report (báo cáo 6 tháng).",
    "DocumentKind.ANNUAL_REPORT": "Annual report (báo cáo năm).",
    "DocumentKind.PROPOSAL": "Proposal for recognition (tờ trình).",
    "DocumentKind.RESULTS_REPORT": "Results report (báo cáo kết quả).",
    "DocumentKind.REVIEW_MINUTES": "Review minutes (biên bản thẩm định).",
    "DocumentKind.OTHER": "Any other document.",
    "RegisterTypicalUnitInput": "A unit registering for a typical-unit campaign.",
    "RecordCriterionResultsInput": "Figures and per-criterion results of a campaign.",
    "RecordCriterionResultsInput.results": "One result per criterion.",
    "AddCampaignDocumentInput": "A document added to a campaign's dossier.",
    "AddCampaignDocumentInput.fileRef": "Where the file is kept (reference).",
    "AdvanceCampaignInput": "One step of a campaign (advanceCampaign).",
    "AdvanceCampaignInput.action": "The step.",
    "CampaignResult": "The campaign after the step, or why not.",
    "Query.typicalCampaign(asOf:)": "Structure on this date (default 01/01 of `year`).",
    "Assessment": "A unit's yearly assessment: Circular 124 and Decision 510 (đánh giá, xếp loại).",
    "Assessment.enteredBy": "Who entered it.",
    "Assessment.enteredOn": "Day it was entered.",
    "Assessment.confirmedBy": "Who confirmed it (the level above).",
    "Assessment.confirmedOn": "Day it was confirmed.",
    "AssessmentConnection": "A page of assessments, in hierarchy order.",
    "AssessmentEntryInput": "One unit's assessment in recordAssessments.",
    "AssessmentList": "The assessments written.",
    "AssessmentList.assessments": "Each assessment written.",
    "Classification.XUAT_SAC": "Excellent (Xuất sắc).",
    "Classification.KHA": "Good (Khá).",
    "Classification.TRUNG_BINH": "Average (Trung bình).",
    "Classification.YEU": "Weak (Yếu).",
    "ConfirmAssessmentInput": "The level above confirming an assessment.",
    "ConfirmAssessmentInput.id": "Global ID of the Assessment.",
    "RecordAssessmentsInput": "A whole commune's residential areas at once (all or nothing).",
    "RecordAssessmentsInput.entries": "One entry per unit.",
    "Query.assessment(asOf:)": "Structure on this date (default 30/06 of `year`).",
    "Query.assessments(asOf:)": "Structure on this date (default 30/06 of `year`).",
    "Query.rollup(asOf:)": "Structure on this date (default 30/06 of `year`).",
    "Rollup": "Circular 124 / Decision 510 figures of a subtree and of each child (tổng hợp).",
    "Rollup.total": "The whole subtree's figures.",
    "RollupFigures": "Assessment figures against their targets.",
    "RollupFigures.assessed": "Units assessed.",
    "RollupMeasure": "A count against a target share.",
    "RollupMeasure.total": "Units it is counted over.",
    "RollupRow": "One child unit's figures.",
    "RollupRow.figures": "Its figures.",
    # -- imports ----------------------------------------------------------------------------
    "ImportTargetsInput": "Where imported targets go.",
    "ImportAssessmentsInput": "Which commune and year the sheet is for.",
    "ImportRowError": "A problem in one row or cell of an imported sheet.",
    "ImportRowError.message": "What is wrong, and how to fix it.",
    "TargetImport": "A target sheet as understood (dry run unless committed).",
    "TargetImportRow": "One target row as understood.",
    "AssessmentImport": "An assessment sheet as understood (dry run unless committed).",
    "AssessmentImportRow": "One residential area's row as understood.",
    "AssessmentImportRow.name": "Name in the sheet.",
    "AssessmentImportRow.version": "Version exported with the row (PHIÊN BẢN).",
    # -- reports ----------------------------------------------------------------------------
    "ResultReport": "A unit's result report (báo cáo kết quả) as data, with its downloads.",
    "ResultReport.unitKind": "Kind of the unit.",
    "ResultReport.issuingBody": "Lines of the issuing body, top left.",
    "ResultReport.number": '"Số: /BC-…" (left blank for the clerk).',
    "ResultReport.place": "Place in the date line.",
    "ResultReport.dateLine": 'Place and date, e.g. "Hậu Lộc, ngày … tháng … năm 2023".',
    "ResultReport.title": "Lines of the title.",
    "ResultReport.targetSummary": "Targets by status (section I).",
    "ResultReport.targets": "Targets (section I), at most the first 200.",
    "ResultReport.targetsTruncated": "Whether targets were cut at the limit.",
    "ResultReport.assessments": "Circular 124 / Decision 510 figures (section II).",
    "ResultReport.assessmentChildren": "The same per child unit.",
    "ResultReport.modelFigures": "Model ratings (section III).",
    "ResultReport.models": "Models (section III), at most the first 200.",
    "ResultReport.modelsTruncated": "Whether models were cut at the limit.",
    "ResultReport.campaigns": "Typical units (section IV).",
    "ResultReport.campaignsTruncated": "Whether campaigns were cut at the limit.",
    "ResultReport.recipients": '"Nơi nhận" lines.',
    "ResultReport.signature": "Signature block lines.",
    "ResultReport.pdfUrl": "Download of the PDF (same bearer token).",
    "ResultReport.docxUrl": "Download of the .docx (same bearer token).",
    "ReportPeriod.ANNUAL": "The whole year (năm).",
    "ReportPeriod.SIX_MONTHS": "The first six months (6 tháng đầu năm).",
    "ReportTarget": "A target line of a report.",
    "ReportTarget.categoryLabel": "Vietnamese label of the category.",
    "ReportTarget.statusLabel": "Vietnamese label of the status.",
    "ReportTargetSummary": "Targets by status.",
    "ReportTargetSummary.total": "All targets.",
    "ReportAssessmentFigures": "Assessment figures of a report.",
    "ReportAssessmentFigures.units": "Assessable units.",
    "ReportAssessmentFigures.assessed": "Units assessed.",
    "ReportAssessmentFigures.registered": "Registered for Circular 124.",
    "ReportAssessmentFigures.safe": "Recognised safe (Circular 124).",
    "ReportAssessmentFigures.goodOrExcellent": "Classed Xuất sắc or Khá (Decision 510).",
    "ReportAssessmentFigures.typicalRegistered": "Typical units registered.",
    "ReportAssessmentFigures.typicalRecognised": "Typical units recognised.",
    "ReportAssessmentRow": "One child unit's row in section II.",
    "ReportMeasure": "A count against a target share.",
    "ReportMeasure.total": "What it is counted over.",
    "ReportModel": "A model line of a report.",
    "ReportModel.typeName": "Name of its type.",
    "ReportModel.originLabel": "Mới / Duy trì.",
    "ReportModel.statusLabel": "Vietnamese label of its status.",
    "ReportModel.rating": "Rating code of the year; null when not rated.",
    "ReportModel.ratingLabel": "Vietnamese label of the rating.",
    "ReportModelFigures": "Model figures of a report.",
    "ReportModelFigures.models": "Models counted.",
    "ReportModelFigures.goodShare": "Share rated Tốt or Khá, in percent.",
    "ReportCampaign": "A typical-unit line of a report.",
    "ReportCampaign.kindLabel": "Vietnamese label of the campaign kind.",
    "ReportCampaign.state": "State code.",
    "ReportCampaign.stateLabel": "Vietnamese label of the state.",
    "ReportCampaign.decidedOn": "Day it was recognised or returned.",
    "Query.resultReport(asOf:)": "Statuses on this date (default: end of the period, or today "
    "while it runs).",
    # -- changes and webhooks ---------------------------------------------------------------
    "ChangeKind.TARGET_PROGRESS": "Progress reported on a target.",
    "ChangeKind.CAMPAIGN_STATE": "A typical-unit campaign changed state.",
    "ChangeEvent.unit": "The unit the change belongs to.",
    "ChangedUnit": "The unit of a change event, as it was when the event was recorded.",
    "ChangedUnit.kind": "Kind of the unit.",
    "Subscription": "Live changes (graphql-transport-ws at /graphql).",
    "Subscription.changes(under:)": "Code of a unit you can read: events of its subtree.",
    "WebhookEndpoint": "An endpoint receiving change events by HTTP POST.",
    "WebhookEndpoint.under": "Code of the unit whose subtree's events are sent.",
    "WebhookEndpoint.deliveries(first:)": "How many of the latest deliveries.",
    "WebhookDelivery": "One event's delivery to an endpoint.",
    "WebhookDelivery.eventId": "Id of the change event delivered.",
    "WebhookDelivery.attempts": "Attempts made so far.",
    "WebhookDelivery.lastError": "Why the last attempt failed.",
    "WebhookDelivery.nextAttemptAt": "When it is tried again.",
    "WebhookDelivery.deliveredAt": "When the endpoint acknowledged it.",
    "DeliveryStatus.PENDING": "Not delivered yet; will be tried (again).",
    "DeliveryStatus.DELIVERED": "Acknowledged with 2xx.",
    "DeliveryStatus.FAILED": "Given up: attempts exhausted, endpoint off, or no longer allowed.",
    "RegisterWebhookInput": "A new webhook endpoint (registerWebhook).",
    "WebhookRegistration": "A registered endpoint and its signing secret.",
    "WebhookRegistration.webhook": "The endpoint.",
    "WebhookRegistration.secret": "HMAC signing secret, shown this once.",
    "SetWebhookActiveInput": "Switch an endpoint on or off (setWebhookActive).",
    # -- service accounts -------------------------------------------------------------------
    "ApiKey.name": "What the key is for.",
    "ApiKey.expiresAt": "When it stops working; null: never.",
    "ApiKey.revokedAt": "When it was revoked; null while active.",
    "ApiKeyCreated.key": "The new key (its secret is shown once, beside it).",
    "ApiKeyCreated.account": "The account it belongs to.",
    "CreateApiKeyInput": "A new API key for a service account.",
    "CreateServiceAccountInput": "A new service account (tài khoản tích hợp).",
    "CreateServiceAccountInput.asOf": "Date the unit code is read on (default today).",
    "Mutation.disableServiceAccount(username:)": "The service account.",
    # -- schedules, quotas, work done -------------------------------------------------------
    "ScheduleStep.TYPICAL_REGISTRATION": "Registering to build a typical unit (đăng ký xây dựng "
    "điển hình).",
    "ScheduleStep.UNIT_PLAN": "The selected unit's own plan for its campaign (kế hoạch của đơn "
    "vị).",
    "ScheduleStep.SIX_MONTH_REPORT": "The campaign's six-month report (báo cáo 6 tháng).",
    "ScheduleStep.ANNUAL_REPORT": "The campaign's annual report (báo cáo năm).",
    "ScheduleStep.DOSSIER_SUBMISSION": "Sending the dossier proposing recognition (gửi hồ sơ đề "
    "nghị công nhận).",
    "ScheduleStep.RECOGNITION": "The level above reviewing and recognising (xét, công nhận).",
    "ScheduleStep.ASSESSMENT_ENTRY": 'Entering the yearly assessments: "An toàn về ANTT" '
    "(Circular 124) and the Decision 510 class (đánh giá, phân "
    "loại).",
    "ScheduleStep.DECISION510_REPORT": "Reporting the Decision 510 classification results to the "
    "level above (báo cáo kết quả phân loại phong trào).",
    "ScheduleStep.IMPLEMENTATION_REPORT": "Reporting how the plan was implemented (báo cáo kết "
    "quả triển khai).",
    "ScheduleRule.step": "Which step of the year the rule dates (mốc thời gian).",
    "ScheduleRule.sourceNote": "Where the plan states the rule or why it applies (nguồn), e.g. "
    '"Mốc thời gian hoàn thành xét, công nhận: 25/10 hàng năm".',
    "ScheduleRule.withdrawnOn": "Day the rule was withdrawn (the next plan up governs since); "
    "null while in force.",
    "ScheduleRule.withdrawnReason": "Why it was withdrawn; null while in force.",
    "ScheduleRuleChange.before": "The rule before the change; null when it was added.",
    "ScheduleRuleChange.after": "The rule after the change.",
    "GoverningRule.step": "The step this rule dates.",
    "GoverningRule.wording": 'The plan\'s own words ("trước ngày 30/3").',
    "GoverningRule.lateAllowed": "A late step is accepted and recorded late instead of refused.",
    "GoverningRule.planNumber": "Number of the plan that sets the rule (số hiệu), e.g. "
    '"2647/KH-BCĐ"; null for an unnumbered draft.',
    "GoverningRule.planTitle": "Title of the plan that sets the rule (trích yếu).",
    "GoverningRule.issuingBody": 'Who issued that plan (cơ quan ban hành), e.g. "Ban Chỉ đạo '
    '138 huyện Tháp Mười".',
    "GoverningRule.sourceNote": "Where the plan states the rule, or why it applies (nguồn).",
    "AddScheduleRuleInput.step": "Which step the rule dates.",
    "AddScheduleRuleInput.unitKind": "Only for units of this kind (e.g. residential areas' "
    "assessment entry); null: every kind.",
    "AddScheduleRuleInput.everyYear": "Also governs later years until withdrawn (hằng năm); "
    "default false: the plan's year only.",
    "AddScheduleRuleInput.lateAllowed": "Accept late steps and record them late instead of "
    "refusing them (default false).",
    "AddScheduleRuleInput.sourceNote": "Where the plan states the rule, or why it applies (nguồn).",
    "EditScheduleRuleInput.wording": "New wording in the plan's words, read by the deadline "
    "parser again.",
    "EditScheduleRuleInput.lateAllowed": "Whether late steps are accepted and recorded late.",
    "EditScheduleRuleInput.everyYear": "Whether the rule also governs later years (hằng năm).",
    "EditScheduleRuleInput.sourceNote": "New note on where the plan states the rule (nguồn).",
    "WithdrawInput.reason": "Why it is withdrawn (lý do); required, kept in the audit log.",
    "QuotaKind.XA": "Commune (xã).",
    "QuotaKind.PHUONG_THI_TRAN": "Ward or township (phường / thị trấn).",
    "QuotaKind.DAC_KHU": "Special zone (đặc khu).",
    "QuotaKind.AGENCY": "Agency (cơ quan).",
    "QuotaKind.ENTERPRISE": "Enterprise (doanh nghiệp).",
    "QuotaKind.SCHOOL": "School or educational institution (cơ sở giáo dục).",
    "QuotaAddressee.EACH_CHILD": "Every unit directly below the issuer must meet the quota.",
    "QuotaAddressee.ISSUER": "The issuing level itself must meet it, for the units it manages "
    "directly (e.g. province-managed agencies).",
    "QuotaMeasure.REGISTERED": "Counts the typical-unit campaigns registered that year (đăng ký).",
    "QuotaMeasure.RECOGNISED": "Counts the typical units recognised that year (công nhận).",
    "PlanQuota.addressee": "Who must meet it: each unit directly below the issuer, or the "
    "issuer itself.",
    "PlanQuota.minimum": 'Least number of units required (ít nhất), e.g. 1 for "ít nhất 01 xã".',
    "PlanQuota.measure": "Whether registered or recognised typical units count.",
    "PlanQuota.wording": 'The plan\'s own words, e.g. "Mỗi năm lựa chọn ít nhất 01 xã".',
    "PlanQuota.planNumber": "Number of the plan that sets the quota (số hiệu); null when "
    "unnumbered.",
    "AddPlanQuotaInput.addressee": "Who must meet it: EACH_CHILD (every unit directly below the "
    "issuer) or ISSUER (the issuer itself).",
    "AddPlanQuotaInput.unitKinds": 'Kinds of unit that count; any one of them does ("01 cơ '
    'quan (hoặc doanh nghiệp, cơ sở giáo dục)").',
    "AddPlanQuotaInput.minimum": "Least number of units required (ít nhất).",
    "AddPlanQuotaInput.wording": 'The plan\'s own words, e.g. "Mỗi năm lựa chọn ít nhất 01 xã".',
    "AddPlanQuotaInput.measure": "Count registered (default) or recognised typical units.",
    "AddPlanQuotaInput.everyYear": "Also binds later years until withdrawn (hằng năm); default "
    "false: the plan's year only.",
    "QuotaLine.quota": "The quota.",
    "QuotaRollup.lines": "One line per quota and bound unit: the unit itself (ISSUER quotas) "
    "and each unit directly below it (EACH_CHILD quotas).",
    "ReportQuota.minimum": "Least number of units required (ít nhất).",
    "ReportQuota.count": "How many units were registered or recognised.",
    "ReportQuota.short": "How many are missing (0 when met).",
    "ReportQuota.wording": "The plan's own words of the quota.",
    "ReportQuota.planNumber": "Number of the plan that sets the quota (số hiệu); null when "
    "unnumbered.",
    "CampaignExtension.reason": "Why the later day was granted (lý do gia hạn).",
    "CampaignExtension.grantedBy": "Username of the reviewer of the level above who granted it.",
    "CampaignExtension.grantedOn": "Day it was granted (ngày gia hạn).",
    "GrantCampaignExtensionInput.step": "The step that gets a later day, e.g. DOSSIER_SUBMISSION.",
    "GrantCampaignExtensionInput.reason": "Why it is granted (lý do gia hạn); required, kept in "
    "the campaign's history.",
    "RegisterTypicalUnitInput.submitDeadline": "Not to be used: the governing plan sets the "
    "dossier deadline; any value is refused.",
    "CorrectTargetInput.targetValue": "New number or percentage to reach (mức chỉ tiêu), e.g. "
    '80 for "≥ 80%"; not negative.',
    "TargetMeasure.TYPICAL_REGISTERED": "Number of typical-unit campaigns registered in the "
    "target unit's subtree (đăng ký điển hình).",
    "TargetMeasure.TYPICAL_RECOGNISED": "Number of typical units recognised in the target "
    "unit's subtree (công nhận điển hình).",
    "TargetMeasure.SAFETY_REGISTERED_RATE": 'Share of assessable units registered for "An toàn '
    'về an ninh, trật tự" (Circular 124), in percent.',
    "TargetMeasure.SAFETY_ACHIEVED_RATE": 'Share of assessable units recognised "An toàn về an '
    'ninh, trật tự" (Circular 124), in percent.',
    "TargetMeasure.CLASSIFICATION_GOOD_RATE": "Share of units classed Xuất sắc or Khá "
    "(Decision 510), in percent.",
    "TargetMeasure.MODELS_GOOD_RATE": "Share of the year's rated models rated Tốt or Khá, in "
    'percent (with "không có mô hình xếp loại Yếu" when '
    "the wording asks it).",
    "MeasuredProgress.explanation": 'How the value was counted, e.g. "12 of 15 units" or '
    '"8 of 10 rated models Tốt or Khá; 0 rated Yếu".',
    "MeasuredProgress.parts": "One part per unit kind when the deadline has one per kind "
    "(hamlets, communes, agencies); empty otherwise.",
    "QuotaLine.count": "How many units of the quota's kinds were registered or recognised "
    "(by its measure).",
    "QuotaLine.met": "Whether the count reaches the quota's minimum (đạt).",
    "ReportQuota.met": "Whether the count reaches the quota's minimum (đạt).",
    "CampaignExtension.dueOn": "The granted last on-time day for the step (hạn gia hạn).",
    "CorrectTargetInput.text": "New wording of the target (nội dung); null: unchanged.",
    "MeasuredProgress.asOf": "Day the value and status are computed on.",
    "MeasuredProgress.status": "Status of the target from the computed value (same rule as "
    "stored targets).",
    "MeasuredPart.value": "The computed share for this unit kind, in percent; null when none "
    "of that kind is counted.",
    "MeasuredPart.status": "Status of this part against its own due day.",
    "WorkStatus.OPEN": "Not done, and its last on-time day has not passed (chưa đến hạn).",
    "WorkStatus.DONE": "Done on or before its last on-time day (hoàn thành).",
    "WorkStatus.DONE_LATE": "Done after its last on-time day (hoàn thành muộn); visible to the "
    "level above.",
    "WorkStatus.OVERDUE": "Not done, and its last on-time day has passed (quá hạn).",
    # -- errors -----------------------------------------------------------------------------
    "InvalidInputError.field": "The input field at fault, when one is.",
    "VersionConflictError.currentVersion": "The version now stored.",
    "TransitionRefusedError.reasons": "Every reason, e.g. each failed criterion.",
    # -- roots ------------------------------------------------------------------------------
    "Query": "Reads. Every field needs a bearer token; objects outside your subtree answer "
    "like objects that do not exist.",
    "Mutation": "Writes. Each returns a union of its result and UserError types; nothing is "
    "written when an error type is returned.",
    "PageInfo": "Position of a page in a Relay connection.",
    "PageInfo.hasNextPage": "Whether more items follow.",
    "PageInfo.hasPreviousPage": "Whether this page was asked `after` a cursor.",
    "PageInfo.startCursor": "Cursor of the first item; null for an empty page.",
    "PageInfo.endCursor": "Cursor of the last item, for `after`; null for an empty page.",
    "UserErrorCode.BAD_USER_INPUT": "The input is invalid (InvalidInputError).",
    "UserErrorCode.FORBIDDEN": "Not allowed here (NotAllowedError).",
    "UserErrorCode.NOT_FOUND": "Does not exist, or is outside your subtree: the two answer "
    "alike (NotFoundError).",
    "UserErrorCode.CONFLICT": "Changed since you read it (VersionConflictError).",
    "UserErrorCode.TRANSITION_REFUSED": "A workflow step refused by the rules "
    "(TransitionRefusedError).",
    "UserErrorCode.DEADLINE_PASSED": "Too late: the step's deadline has passed (hạn).",
    "UserErrorCode.NOT_ELIGIBLE": "The unit does not qualify (e.g. last year's classification).",
    "UserErrorCode.ALREADY_REGISTERED": "Already registered for that year.",
    "UserErrorCode.NO_CRITERIA_SET": "No criteria set is in force for the unit kind and year.",
    "UserErrorCode.ILLEGAL_TRANSITION": "The step is not allowed from the current state.",
    "UserErrorCode.NOT_EDITABLE": "Cannot change in the current state.",
    "UserErrorCode.RESULTS_INCOMPLETE": "A criterion lacks a result with evidence.",
    "UserErrorCode.DOSSIER_INCOMPLETE": "The dossier lacks a required document (hồ sơ).",
    "UserErrorCode.CRITERIA_NOT_MET": "Not every applicable criterion is met (tiêu chí).",
    "UserErrorCode.HANDED_OVER": "The campaign passed to the successors of its unit (the unit "
    "ended): continue theirs.",
    "UserErrorCode.NO_SCORING_TABLE": "No Decision 510 points table applies to the unit kind "
    "and year (bảng điểm); one must be imported first.",
    "UserErrorCode.ALREADY_DECIDED": "The level above has already decided it (a classification "
    "proposal, a commune's safety result): it cannot be filed "
    "again.",
    "UserErrorCode.CONDITIONS_NOT_MET": "A commune's Circular 124 result cannot be recognised: "
    "`reasons` names each failed condition.",
    "UserErrorCode.NOT_OPEN_YET": "Too early: the step's window under the governing plan has "
    "not opened yet.",
    "UserErrorCode.SELF_GRANT": "You cannot grant a role to yourself.",
    "UserErrorCode.SELF_MANAGEMENT": "You cannot manage your own account (move, disable, "
    "revoke your roles).",
    "UserErrorCode.ABOVE_OWN_LEVEL": "The role is of your own level or above (a province admin "
    "cannot make another province admin or reviewer).",
    "UserErrorCode.NOT_BELOW_YOU": "The person is at your own unit or above: you manage only "
    "people strictly below you.",
    "UserError": "An expected failure of a mutation; nothing was written.",
}


def _coordinates_of(named: GraphQLNamedType) -> list[tuple[str, object]]:
    """(coordinate, schema element) of a type and everything in it that takes a description."""
    found: list[tuple[str, object]] = [(named.name, named)]
    if isinstance(named, (GraphQLObjectType, GraphQLInterfaceType)):
        for field_name, field in named.fields.items():
            found.append((f"{named.name}.{field_name}", field))
            for arg_name, arg in field.args.items():
                found.append((f"{named.name}.{field_name}({arg_name}:)", arg))
    elif isinstance(named, GraphQLInputObjectType):
        for field_name, field in named.fields.items():
            found.append((f"{named.name}.{field_name}", field))
    elif isinstance(named, GraphQLEnumType):
        for value_name, value in named.values.items():
            found.append((f"{named.name}.{value_name}", value))
    return found


def described_types(schema: GraphQLSchema) -> list[GraphQLNamedType]:
    return [
        t
        for name, t in sorted(schema.type_map.items())
        if not name.startswith("__") and name not in ("String", "Int", "Float", "Boolean", "ID")
    ]


def _by_shape(named: GraphQLNamedType, schema: GraphQLSchema) -> str | None:
    name = named.name
    if name.endswith("Connection") and isinstance(named, GraphQLObjectType):
        return f"A page of {name.removesuffix('Connection')} items (Relay cursor connection)."
    if name.endswith("Edge") and isinstance(named, GraphQLObjectType):
        return f"One {name.removesuffix('Edge')} in a page, with its cursor."
    if isinstance(named, GraphQLUnionType):
        mutation = schema.mutation_type
        owners = [
            f
            for f, field in (mutation.fields.items() if mutation else ())
            if getattr(field.type, "of_type", field.type) is named
        ]
        success = ", ".join(
            t.name
            for t in named.types
            if not t.name.endswith(("Error", "InvalidInput", "NotAllowed", "VersionConflict"))
        )
        what = f"`{'`, `'.join(owners)}`" if owners else "the mutation"
        return (
            f"What {what} returns: {success} when it succeeded, otherwise one of the error "
            "types (nothing was written)."
        )
    if isinstance(named, GraphQLInputObjectType) and name.endswith("Input"):
        return f"Input of the mutation it is named after ({name.removesuffix('Input')})."
    return None


def apply_descriptions(schema: GraphQLSchema) -> list[str]:
    """Fill every missing description; returns the coordinates still undocumented."""
    missing: list[str] = []
    for named in described_types(schema):
        for coordinate, element in _coordinates_of(named):
            if getattr(element, "description", None):
                continue
            leaf = coordinate.rsplit(".", 1)[-1].split("(")[-1].rstrip(":)")
            if "(" in coordinate:
                leaf = coordinate.split("(")[1].rstrip(":)")
            text = BY_COORDINATE.get(coordinate)
            if text is None and element is named:
                text = _by_shape(named, schema)
            if text is None and element is not named:
                text = BY_NAME.get(leaf)
            if text is None:
                missing.append(coordinate)
            else:
                element.description = text  # type: ignore[attr-defined]
    return missing


def all_coordinates(schema: GraphQLSchema) -> set[str]:
    return {c for named in described_types(schema) for c, _ in _coordinates_of(named)}
