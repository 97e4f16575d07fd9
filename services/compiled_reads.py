"""The compiled read path's service: whose rows each object type of a plan may show, then the one
statement (db/queries/compiled.py).

Authorization is what the executor applies, asked of the authorizer per object type: units are
read under the caller's roots for `unit:read`, and so are assessments (the executor's
`latestAssessment` loader filters by the request's unit read scope, db/queries/evaluations.py);
plans and models under the roots for `plan:read` and `model:read` (their services'
`read_roots`).
Row-level security applies underneath as on every request: the statement runs in the request's
own transaction (RequestDB), whose first statement sets `app.scope_paths`.
"""

from __future__ import annotations

from authz.authorizer import Authorizer, Principal
from core.read_plan import Binding, ReadPlan
from db.queries import compiled as q
from db.session import RequestDB

#: object type of a plan -> the (object, action) whose roots filter it
READ_PERMISSION: dict[str, tuple[str, str]] = {
    "unit": ("unit", "read"),
    "assessment": ("unit", "read"),
    "plan": ("plan", "read"),  # services/plans.py read_roots
    "model": ("model", "read"),  # services/movement_models.py read_roots
}


def roots(authorizer: Authorizer, principal: Principal) -> dict[str, tuple[str, ...]]:
    return {
        kind: tuple(authorizer.paths_for(principal, obj, act))
        for kind, (obj, act) in READ_PERMISSION.items()
    }


async def read(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    plan: ReadPlan,
    binding: Binding,
) -> str | None:
    """The response body as JSON text, or None when the executor must answer this request."""
    return await q.read(db, plan, binding, roots(authorizer, principal))
