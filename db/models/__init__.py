"""Every mapped table, imported here so Alembic and the metadata see the whole schema."""

from db.models.authz import AuditEntry, CasbinRule, User
from db.models.evaluation_rules import (
    ClassificationProposal,
    CommuneSafetyResult,
    EvaluationPeriod,
    PoliceDisciplineRecord,
    ReportingDeadlineDefault,
    ScoringItem,
    ScoringTable,
    ScoringThreshold,
)
from db.models.evaluations import (
    Assessment,
    CampaignDocument,
    CampaignEvent,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    CriterionResult,
    TypicalCampaign,
)
from db.models.plans import (
    ModelRating,
    ModelType,
    MovementModel,
    Plan,
    PlanDeadline,
    PlanTask,
    Target,
    TargetProgress,
)
from db.models.schedules import CampaignExtension, PlanQuota, ScheduleRule
from db.models.units import AdminUnit, UnitSuccession

__all__ = [
    "AdminUnit",
    "Assessment",
    "AuditEntry",
    "CampaignDocument",
    "CampaignEvent",
    "CampaignExtension",
    "CasbinRule",
    "ClassificationProposal",
    "CommuneSafetyResult",
    "CriteriaGroup",
    "CriteriaSet",
    "Criterion",
    "CriterionResult",
    "EvaluationPeriod",
    "ModelRating",
    "ModelType",
    "MovementModel",
    "Plan",
    "PlanDeadline",
    "PlanQuota",
    "PlanTask",
    "PoliceDisciplineRecord",
    "ReportingDeadlineDefault",
    "ScheduleRule",
    "ScoringItem",
    "ScoringTable",
    "ScoringThreshold",
    "Target",
    "TargetProgress",
    "TypicalCampaign",
    "UnitSuccession",
    "User",
]
