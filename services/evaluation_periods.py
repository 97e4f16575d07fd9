"""Circular 124 evaluation periods and the Decision 510 upward reporting deadline, read from
stored rules (migration 0040 seeds the national defaults), never from code.

A period is named by the year it ends in: residential areas 01/11 of the year before to 31/10,
communes, agencies, enterprises and schools 16/11 of the year before to 15/11. So a hamlet
assessed on 05/11/2024 belongs to period 2025, a commune on the same day to period 2024.

`reporting_deadline` is the one place that answers "by when must this unit report its
classification upward". Today it reads the national default (`reporting_deadline_defaults`);
when plans carry their own schedules (issue 14's `governing_rule`), that is where the plan's
rule is consulted first, falling back to this default.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import RowMapping

from core.domain import ScheduleStep
from core.errors import BadInput
from db.queries import evaluation_rules as q
from db.session import RequestDB
from services import schedules
from services.evaluation_texts import say
from services.units import unit_by_code

CLASSIFICATION_REPORT = "classification_report"


@dataclass(frozen=True, slots=True)
class Period:
    """One evaluation period of one kind of unit, and the rule it comes from."""

    unit_kind: str
    year: int
    starts_on: date
    ends_on: date
    wording: str
    source: str

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True, slots=True)
class Deadline:
    """The last on-time day of a report, with the wording and source it was read from."""

    last_day: date
    wording: str
    source: str


def _bounds(rule: RowMapping, year: int) -> tuple[date, date]:
    start = date(year + rule["start_year_offset"], rule["start_month"], rule["start_day"])
    return start, date(year, rule["end_month"], rule["end_day"])


async def period(db: RequestDB, unit_kind: str, year: int) -> Period:
    """The period named `year` for a kind of unit, under the rule in force at its end."""
    rule = await q.period_rule(db, unit_kind, date(year, 12, 31))
    if rule is None:
        raise BadInput(say("period.none", kind=unit_kind, day=f"31/12/{year}"), field="year")
    start, end = _bounds(rule, year)
    return Period(unit_kind, year, start, end, rule["wording"], rule["source"])


async def period_of(db: RequestDB, unit_kind: str, day: date) -> Period:
    """The period a day belongs to (the one ending this year, or else the next one)."""
    current = await period(db, unit_kind, day.year)
    if current.contains(day):
        return current
    following = await period(db, unit_kind, day.year + 1)
    if following.contains(day):
        return following
    raise BadInput(say("period.none", kind=unit_kind, day=f"{day:%d/%m/%Y}"), field="on")


async def period_of_unit(db: RequestDB, unit_code: str, day: date) -> Period:
    """The period `day` belongs to for the unit with this code (as it was on that day)."""
    unit = await unit_by_code(db, unit_code, day)
    return await period_of(db, unit["kind"], day)


async def reporting_deadline(db: RequestDB, unit: RowMapping, year: int) -> Deadline | None:
    """Last on-time day for `unit` to report its Decision 510 classification of period `year`.

    The governing plan's rule first (services/schedules.py: the nearest plan up the unit's
    cascade that sets the Decision 510 report, e.g. a province's own date, else the ministry's
    seeded Decision 510 dates); the stored national default below only when no plan sets it.
    """
    governing = await schedules.governing_rule(db, unit, year, ScheduleStep.DECISION510_REPORT)
    if governing is not None:
        return Deadline(governing.due, governing.wording, governing.source)
    rule = await q.reporting_default(db, unit["kind"], CLASSIFICATION_REPORT, date(year, 12, 31))
    if rule is None:
        return None
    return Deadline(
        date(year, rule["last_month"], rule["last_day"]), rule["wording"], rule["source"]
    )
