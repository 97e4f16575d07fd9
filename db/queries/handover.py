"""Handing the open obligations of units that ended over to their successors (one statement
per kind of obligation). The rule itself is documented in services/handover.py and the README.

`HEIRS` resolves, for every unit whose last day is :last_day, the units that take over its work:
its own succession links effective the next day, or, for a unit without links of its own (a
district abolished on 30/06/2025), the successors of its communes. `n` is how many heirs a
predecessor has (a split), used to apportion counted quantities."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

HEIRS = """
    ended AS (SELECT id FROM admin_units WHERE valid_to = :last_day),
    direct AS (
        SELECT s.predecessor_id AS pred, s.successor_id AS heir
        FROM unit_successions s JOIN ended e ON e.id = s.predecessor_id
        WHERE s.effective_on = :first_day),
    via_communes AS (
        SELECT e.id AS pred, d.heir
        FROM ended e JOIN admin_units c ON c.parent_id = e.id AND c.kind = 'commune'
        JOIN direct d ON d.pred = c.id
        WHERE NOT EXISTS (SELECT 1 FROM direct x WHERE x.pred = e.id)),
    pairs AS (SELECT pred, heir FROM direct UNION SELECT pred, heir FROM via_communes),
    heirs AS (
        SELECT p.pred, p.heir, u.path AS heir_path, count(*) OVER (PARTITION BY p.pred) AS n
        FROM pairs p JOIN admin_units u ON u.id = p.heir)"""

STATEMENTS: dict[str, tuple[str, str]] = {
    "plan_deadlines": (
        f"""WITH {HEIRS}
        INSERT INTO plan_deadlines (unit_id, unit_path, plan_id, kind, due_on, note, carried_from)
        SELECT h.heir, h.heir_path, d.plan_id, d.kind, d.due_on,
               (array_agg(d.note ORDER BY d.id))[1], array_agg(d.id ORDER BY d.id)
        FROM plan_deadlines d JOIN heirs h ON h.pred = d.unit_id
        WHERE d.due_on > :last_day AND d.completed_on IS NULL AND d.handed_over_on IS NULL
        GROUP BY h.heir, h.heir_path, d.plan_id, d.kind, d.due_on
        ON CONFLICT (plan_id, unit_id, kind, due_on) DO NOTHING""",
        """d.due_on > :last_day AND d.completed_on IS NULL""",
    ),
    "plan_tasks": (
        f"""WITH {HEIRS}
        INSERT INTO plan_tasks (unit_id, unit_path, plan_id, position, assignee, description,
                                due_on, carried_from)
        SELECT h.heir, h.heir_path, d.plan_id, d.position, (array_agg(d.assignee ORDER BY d.id))[1],
               (array_agg(d.description ORDER BY d.id))[1], min(d.due_on),
               array_agg(d.id ORDER BY d.id)
        FROM plan_tasks d JOIN heirs h ON h.pred = d.unit_id
        WHERE (d.due_on IS NULL OR d.due_on > :last_day) AND d.completed_on IS NULL
          AND d.handed_over_on IS NULL
        GROUP BY h.heir, h.heir_path, d.plan_id, d.position
        ON CONFLICT (plan_id, unit_id, position) DO NOTHING""",
        """(d.due_on IS NULL OR d.due_on > :last_day) AND d.completed_on IS NULL""",
    ),
    "targets": (
        # A count is apportioned over a split (each heir ceil(q / n), so the parts are never
        # less than the whole) and added up over a merge; a percentage applies to every heir
        # and a merge keeps the highest; lists and texts carry as written (the first one's).
        # Progress stays with the predecessor: the heir reports for its own territory.
        f"""WITH {HEIRS},
        shares AS (
            SELECT d.*, h.heir, h.heir_path,
                   CASE WHEN d.quantity_kind = 'count' THEN ceil(d.target_value / h.n)
                        ELSE d.target_value END AS share
            FROM targets d JOIN heirs h ON h.pred = d.unit_id
            WHERE d.due_on > :last_day AND d.year >= extract(year FROM CAST(:first_day AS date))
              AND d.handed_over_on IS NULL
              AND antq_target_status(d.comparator, d.target_value, d.achieved, d.due_on, d.year,
                                     :last_day) <> 'met'),
        merged AS (
            SELECT heir, heir_path, plan_id, year, stt,
                   CASE WHEN (array_agg(quantity_kind ORDER BY id))[1] = 'count' THEN sum(share)
                        WHEN (array_agg(quantity_kind ORDER BY id))[1] = 'percent' THEN max(share)
                        ELSE (array_agg(share ORDER BY id))[1] END AS value,
                   array_agg(id ORDER BY id) AS ids, min(id) AS first_id
            FROM shares GROUP BY heir, heir_path, plan_id, year, stt)
        INSERT INTO targets (unit_id, unit_path, plan_id, year, category, stt, text,
                             quantity_kind, comparator, target_value, quantity, deadline_kind,
                             starts_on, due_on, deadline, carried_from)
        SELECT m.heir, m.heir_path, m.plan_id, m.year, t.category, m.stt, t.text,
               t.quantity_kind, t.comparator, m.value,
               CASE WHEN m.value IS NULL THEN t.quantity
                    ELSE jsonb_set(t.quantity, '{{value}}', to_jsonb(m.value)) END
               || jsonb_build_object('carried_from', to_jsonb(m.ids)),
               t.deadline_kind, t.starts_on, t.due_on, t.deadline, m.ids
        FROM merged m JOIN targets t ON t.id = m.first_id
        WHERE NOT EXISTS (SELECT 1 FROM targets x WHERE x.unit_id = m.heir
                          AND x.plan_id IS NOT DISTINCT FROM m.plan_id AND x.year = m.year
                          AND x.stt = m.stt)""",
        """d.due_on > :last_day AND d.year >= extract(year FROM CAST(:first_day AS date))
           AND antq_target_status(d.comparator, d.target_value, d.achieved, d.due_on, d.year,
                                  :last_day) <> 'met'""",
    ),
    "typical_campaigns": (
        # One campaign per heir and year: a merge carries the earliest registered of its
        # predecessors' campaigns, a split gives every heir one. The heir starts REGISTERED
        # with the same kind, criteria set and deadlines; criterion results, documents and
        # figures stay with the predecessor's campaign (the heir's territory is another).
        f"""WITH {HEIRS},
        open AS (
            SELECT DISTINCT ON (h.heir) d.*, h.heir, h.heir_path,
                   array_agg(d.id) OVER (PARTITION BY h.heir) AS ids
            FROM typical_campaigns d JOIN heirs h ON h.pred = d.unit_id
            WHERE d.year = extract(year FROM CAST(:first_day AS date))
              AND d.state <> 'recognised' AND d.handed_over_on IS NULL
            ORDER BY h.heir, d.registered_on, d.id)
        INSERT INTO typical_campaigns (unit_id, unit_path, year, kind, criteria_set_id, state,
            register_deadline, submit_deadline, registered_on, registered_by, carried_from)
        SELECT heir, heir_path, year, kind, criteria_set_id, 'registered', register_deadline,
               submit_deadline, :first_day, registered_by, ids
        FROM open
        ON CONFLICT (unit_id, year) DO NOTHING""",
        """d.year = extract(year FROM CAST(:first_day AS date)) AND d.state <> 'recognised'""",
    ),
}


async def hand_over(conn: AsyncConnection, *, last_day: date, first_day: date) -> dict[str, Any]:
    """Carry every kind over, then mark the predecessors' rows handed over (also those whose
    heir already had the same obligation, so nothing is left pending on an ended unit)."""
    params = {"last_day": last_day, "first_day": first_day}
    counts: dict[str, Any] = {}
    for table, (insert, still_open) in STATEMENTS.items():
        inserted = await conn.execute(text(insert), params)
        marked = await conn.execute(
            text(f"""WITH {HEIRS}
            UPDATE {table} d SET handed_over_on = :first_day
            WHERE d.unit_id IN (SELECT pred FROM heirs) AND d.handed_over_on IS NULL
              AND {still_open}"""),
            params,
        )
        counts[table] = {"carried": inserted.rowcount, "handed_over": marked.rowcount}
    return counts
