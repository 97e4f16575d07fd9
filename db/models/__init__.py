"""Every mapped table, imported here so Alembic and the metadata see the whole schema."""

from db.models.units import AdminUnit, UnitKind, UnitSuccession

__all__ = ["AdminUnit", "UnitKind", "UnitSuccession"]
