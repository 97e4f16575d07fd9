"""Every table the migrations create, mapped, and imported here so Alembic and the metadata see
the whole schema (tests/db/test_orm_matches_migrations.py fails on a table left out)."""

from db.models.authz import ApiKey, AuditEntry, CasbinRule, PersistedQuery, User
from db.models.changes import ChangeEvent, WebhookDelivery, WebhookEndpoint
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
from db.models.tallies import AssessmentTally, UnitTally
from db.models.units import AdminUnit, UnitSuccession

__all__ = [
    "AdminUnit",
    "ApiKey",
    "Assessment",
    "AssessmentTally",
    "AuditEntry",
    "CampaignDocument",
    "CampaignEvent",
    "CampaignExtension",
    "CasbinRule",
    "ChangeEvent",
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
    "PersistedQuery",
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
    "UnitTally",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
]
