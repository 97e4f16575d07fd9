"""Every mapped table, imported here so Alembic and the metadata see the whole schema."""

from db.models.authz import AuditEntry, CasbinRule, User
from db.models.units import AdminUnit, UnitKind, UnitSuccession

__all__ = ["AdminUnit", "AuditEntry", "CasbinRule", "UnitKind", "UnitSuccession", "User"]
