"""Rollup tallies: assessable units and yearly assessment counts summed per parent unit and
validity interval, kept exact by the statement-level triggers of migrations 0011/0015.

The app only reads them (services/rollups); nothing but the triggers writes a row. The key is
(parent path, lo, hi): the units a tally sums share their parent and their validity interval,
with -infinity / infinity for open ends.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Ltree, province_key_column


class UnitTally(Base):
    """How many assessable units sit directly under `parent_path` with validity [lo, hi]."""

    __tablename__ = "unit_tallies"

    parent_path: Mapped[str] = mapped_column(Ltree, primary_key=True)
    lo: Mapped[date] = mapped_column(Date, primary_key=True)
    hi: Mapped[date] = mapped_column(Date, primary_key=True)
    units: Mapped[int] = mapped_column(Integer, nullable=False)
    province_key: Mapped[str | None] = province_key_column("parent_path", nullable=True)


class AssessmentTally(Base):
    """One year's assessment and typical-unit counts of the units under `parent_path` with
    validity [lo, hi]."""

    __tablename__ = "assessment_tallies"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_path: Mapped[str] = mapped_column(Ltree, primary_key=True)
    lo: Mapped[date] = mapped_column(Date, primary_key=True)
    hi: Mapped[date] = mapped_column(Date, primary_key=True)
    assessed: Mapped[int] = mapped_column(Integer, nullable=False)
    registered: Mapped[int] = mapped_column(Integer, nullable=False)
    safe: Mapped[int] = mapped_column(Integer, nullable=False)
    good_or_excellent: Mapped[int] = mapped_column(Integer, nullable=False)
    typical_registered: Mapped[int] = mapped_column(Integer, nullable=False)
    typical_recognised: Mapped[int] = mapped_column(Integer, nullable=False)
    province_key: Mapped[str | None] = province_key_column("parent_path", nullable=True)
