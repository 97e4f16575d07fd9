"""Criteria judged from what the platform already holds rather than from a tick: criterion 15
of the commune set and criterion 8 of the agency set ("classified Xuất sắc under Decision
510") read the class the level above confirmed.

Confirmed means decided on a Decision 510 proposal (services/scoring.py), or an assessment
whose classification the level above confirmed (`assessments.confirmed_by`). A class the unit
typed in and nobody confirmed does not count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import RowMapping, text

from db.queries import evaluation_rules as rules_q
from db.session import RequestDB
from services.criteria_rules import ClassificationFacts, evaluate


async def classification_facts(db: RequestDB, unit_id: int, year: int) -> ClassificationFacts:
    years = [year, year - 1]
    confirmed: dict[int, str] = {}
    rows = (
        await db.execute(
            text("""
        SELECT year, classification FROM assessments
        WHERE unit_id = :u AND year = ANY(:ys) AND classification IS NOT NULL
          AND confirmed_by IS NOT NULL"""),
            {"u": unit_id, "ys": years},
        )
    ).mappings()
    for r in rows:
        confirmed[r["year"]] = r["classification"]
    confirmed.update(await rules_q.confirmed_classifications(db, unit_id, years))
    return ClassificationFacts(year=year, confirmed=confirmed)


async def rejudge_classification(
    db: RequestDB, campaign: RowMapping, criteria: Sequence[RowMapping], results: Mapping[int, Any]
) -> dict[int, Any]:
    """Results with the classification criteria judged again from today's confirmed class."""
    judged = [c for c in criteria if (c["rule"] or {}).get("kind") == "confirmed_classification"]
    if not judged:
        return dict(results)
    facts = await classification_facts(db, campaign["unit_id"], campaign["year"])
    out: dict[int, Any] = dict(results)
    for criterion in judged:
        outcome = evaluate(criterion["rule"], {}, {}, facts)
        old = results.get(criterion["id"])
        declared = old["declared_met"] if old is not None else None
        out[criterion["id"]] = {
            **(dict(old) if old is not None else {}),
            "met": outcome.met and declared is not False,
            "explanation": outcome.explanation,
            "evidence": old["evidence"] if old is not None else None,
        }
    return out
