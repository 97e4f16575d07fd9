"""Every mapped table, imported here so Alembic and the metadata see the whole schema."""

from db.models.authz import AuditEntry, CasbinRule, User
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
from db.models.units import AdminUnit, UnitKind, UnitSuccession

__all__ = ["AdminUnit", "AuditEntry", "CasbinRule", "ModelRating", "ModelType", "MovementModel",
           "Plan", "PlanDeadline", "PlanTask", "Target", "TargetProgress", "UnitKind",
           "UnitSuccession", "User"]
