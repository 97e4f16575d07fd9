"""When a unit ends mid-year, its open obligations pass to its successors.

The rule (also in the README, "The present"):
- Who takes over: the successors named by the unit's succession links effective the day after
  its last day; a unit with no links of its own (the districts abolished on 30/06/2025) passes
  its work to the successors of its communes.
- Open means: a reporting deadline or task due after the last day (a task without a due day
  too) and not completed; a target of the new year, due after the last day and not met on the
  last day; a typical-unit campaign of the new year not yet recognised.
- Reporting deadlines and tasks: every heir gets its own (a merge gives one per heir).
- Targets: a count is apportioned over a split (each heir ceil(q / n), so the parts never ask
  less than the whole) and added up over a merge; a percentage applies to every heir (a merge
  keeps the highest); named lists and texts carry as written. Progress stays with the
  predecessor's target: the heir reports for its own territory.
- Typical-unit campaigns: one per heir and year (a merge carries the earliest registered, a
  split gives every heir one), REGISTERED again with the same kind, criteria set and
  deadlines; criterion results and documents stay with the predecessor's campaign.
- Both histories stay: the predecessor's row is kept and marked `handed_over_on` (no longer
  pending, overdue or counted in rollups), the heir's row lists the rows it took over in
  `carried_from`. Idempotent: re-running carries nothing twice.

The reform of 1/7/2025 is handed over by the demo seed (seeds/present.py); any later ending of
units is handed over by calling `hand_over_ended_units` with the units' last day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import handover as q


async def hand_over_ended_units(conn: AsyncConnection, last_day: date) -> dict[str, Any]:
    """Owner connection (it writes across tenants); returns counts per kind of obligation."""
    return await q.hand_over(conn, last_day=last_day, first_day=last_day + timedelta(days=1))
