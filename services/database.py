"""The request's database handle as resolvers and loaders see it: they hold it and hand it to
services, never run statements on it (graph/ does not import db/)."""

from __future__ import annotations

from typing import TypeAlias

from db.session import RequestDB

Database: TypeAlias = RequestDB
