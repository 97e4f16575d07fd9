"""What Alembic's autogenerate compares, shared by migrations/env.py and by
tests/db/test_orm_matches_migrations.py, so `alembic revision --autogenerate` against a migrated
database and that test see the same difference: none.

Compared here: tables, columns (type, nullability, server default, comment), primary, unique
and foreign keys (with ON DELETE), indexes by name, columns and uniqueness. Alembic does not
compare, by design, CHECK and EXCLUDE constraints, an index's method, operator classes and
WHERE clause, or a generated column's expression; nothing is excluded for them here (Alembic
would propose nothing either way). The same test holds the models to those by building a
database from the metadata alone and comparing the catalogs with the migrated one. Row-level
security, policies, functions, triggers and grants are not in the metadata at all: the
migrations own them, and tests/db/test_migrations.py compares them across a round trip.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql.base import ischema_names

from db.base import Ltree

# Reflection reads `ltree` columns as Ltree instead of NullType (which Alembic skips with a
# warning), so their type is compared like any other.
ischema_names["ltree"] = Ltree

OPTIONS: dict[str, Any] = {
    "compare_type": True,
    # Alembic asks PostgreSQL whether the two defaults evaluate equal (`SELECT a = b`), which
    # is faithful for the constants and now() used here.
    "compare_server_default": True,
}
