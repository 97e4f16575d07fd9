"""Declarative base and the column shapes the schema shares.

The migrations are the only way the schema changes; the models restate what they built, name for
name, so a reader (and `alembic revision --autogenerate`) can trust them. Two tests hold them to
it: tests/db/test_orm_matches_migrations.py runs Alembic's comparison against a freshly migrated
database and also builds a database from this metadata alone and compares the catalogs.

Constraint names are the database's. Three kinds occur, by how the migration wrote the DDL:
`op.create_table` names (the convention below; a CHECK named "ck_t_x" there came out as
"ck_t_ck_t_x", because Alembic applies the convention to the name it is given), names written
out in raw SQL ("ck_plans_kind"), and PostgreSQL's own for unnamed raw-SQL constraints
("plans_unit_id_fkey", "evaluation_periods_start_month_check"). `check()` and the `fk_name`
arguments take the name as it is in the database.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    Table,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column
from sqlalchemy.sql.elements import conv
from sqlalchemy.types import UserDefinedType

# Alembic applies this convention to the migrations' `op.create_table` too (env.py hands it this
# metadata): changing it renames the CHECK constraints that 0001, 0002, 0004, 0012 and 0013 create
# in a new database, which existing databases keep under their old names.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Ltree(UserDefinedType[str]):
    """PostgreSQL `ltree`; asyncpg moves it as text, so Python sees a dotted `str`."""

    cache_ok = True

    def get_col_spec(self, **_: object) -> str:
        return "LTREE"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table_of(model: type[Base]) -> Table:
    """The table a model maps. `__table__` is typed as any FromClause (a class may map a join or
    a select), but insert() and update() need a Table, and every model here maps one."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} maps {table!r}, not a table")
    return table


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


def check(sqltext: str, name: str) -> CheckConstraint:
    """A CHECK constraint under its name in the database (not passed through the convention)."""
    return CheckConstraint(sqltext, name=conv(name))


def one_of(column: str, values: Iterable[str | enum.StrEnum]) -> str:
    """`column IN ('a','b')` over a closed set of core.domain, in the set's order (PostgreSQL keeps
    the order in the constraint, so a reordered set reads as a different constraint)."""
    listed = ",".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


def unit_id_column(fk_name: str | None = None) -> MappedColumn[int]:
    """The unit a tenant row belongs to; a unit with rows cannot be deleted."""
    return mapped_column(
        BigInteger,
        ForeignKey("admin_units.id", ondelete="RESTRICT", name=fk_name),
        nullable=False,
    )


def province_key_column(path: str = "unit_path", nullable: bool = False) -> MappedColumn[str]:
    """The future Citus distribution column (migration 0010): the first two labels of the path,
    computed by PostgreSQL on every write (never written by the app)."""
    return mapped_column(
        Ltree,
        Computed(f"subpath({path}, 0, LEAST(nlevel({path}), 2))", persisted=True),
        nullable=nullable,
    )


def path_index(table: str, column: str = "unit_path") -> Index:
    """The GiST index every subtree filter (`<@`) and row-level-security policy uses."""
    return Index(f"ix_{table}_{column}_gist", column, postgresql_using="gist")
