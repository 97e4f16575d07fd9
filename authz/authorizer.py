"""The one door: every permission question of the platform is asked here, and Casbin answers.

The enforcer and an index of role assignments by user form an immutable snapshot. A policy change
(grant, revoke, new templates) is announced with NOTIFY; every process LISTENs and builds a new
snapshot, then swaps it in: a request never sees a half-reloaded policy (pycasbin's load_policy
rebuilds in place, so a check during a reload could be wrongly denied).

A snapshot is the policy of one day: assignments have periods (an acting role's validFrom /
validTo) and are capped by the end of their unit's validity (a role at a unit that ended grants
nothing afterwards). The authorizer keeps every assignment with its dates and builds the day's
snapshot again when the date changes, so a role ends on its date without a reload or a restart.
Disabled people hold nothing in any snapshot (and api.auth refuses their credentials).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
import casbin
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from authz.paths import is_strictly_within, is_within, level_above, minimal_roots, parent_of
from core.errors import Forbidden, Unauthenticated
from core.i18n import msg
from db.queries import authz as q
from db.queries import people as people_q

log = logging.getLogger(__name__)
MODEL_PATH = Path(__file__).with_name("model.conf")
POLICY_PATH = Path(__file__).with_name("policy.csv")


@dataclass(frozen=True, slots=True)
class Grant:
    role: str
    path: str


@dataclass(frozen=True, slots=True)
class Principal:
    username: str
    grants: tuple[Grant, ...]


@dataclass(frozen=True, slots=True)
class AssignmentPeriod:
    """A role assignment with its dates: the role's own period and its unit's last day."""

    user: str
    role: str
    path: str
    valid_from: date | None = None
    valid_to: date | None = None
    unit_valid_to: date | None = None

    def active_on(self, day: date, roles_end_with_units: bool = True) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_to is not None and day > self.valid_to:
            return False
        return not (
            roles_end_with_units and self.unit_valid_to is not None and day > self.unit_valid_to
        )


def today_in(timezone: str) -> Callable[[], date]:
    """The calendar date where the platform's users are (a role ends at their midnight)."""
    zone = ZoneInfo(timezone)
    return lambda: datetime.now(zone).date()


def role_templates() -> list[tuple[str, ...]]:
    """policy.csv as rows (role, scope, object, action)."""
    lines = []
    for raw in POLICY_PATH.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(tuple(part.strip() for part in line.split(",")))
    return lines


class PolicySnapshot:
    def __init__(
        self,
        templates: Iterable[tuple[str, ...]],
        assignments: Iterable[tuple[str, str, str]],
        day: date | None = None,
    ) -> None:
        self.day = day  # the date this snapshot's assignments are active on (None: any date)
        index: dict[str, list[Grant]] = defaultdict(list)
        exact: set[tuple[str, str, str]] = set()
        for user, role, path in assignments:
            index[user].append(Grant(role, path))
            exact.add((user, role, path))
        self.grants: dict[str, tuple[Grant, ...]] = {u: tuple(g) for u, g in index.items()}
        self._exact = exact
        enforcer = casbin.Enforcer(str(MODEL_PATH))
        enforcer.add_function("holds_over", self._holds_over)
        enforcer.add_function("holds_strictly_over", self._holds_strictly_over)
        enforcer.add_function("holds_at", self._holds_at)
        enforcer.add_function("level_above", level_above)
        enforcer.add_function("parent_of", parent_of)
        rules = [list(t) for t in templates]
        if rules:
            enforcer.add_policies(rules)
        self.enforcer = enforcer
        # The snapshot never changes, so its answers can be memoised exactly; a reload builds a
        # new snapshot with empty caches. A cold check walks every template in Python (~0.5 ms).
        self.decide = functools.lru_cache(maxsize=200_000)(self._decide)
        self.roots = functools.lru_cache(maxsize=50_000)(self._roots)

    def _decide(self, user: str, unit_path: str, obj: str, act: str, submitter: str) -> bool:
        return bool(self.enforcer.enforce(user, unit_path, obj, act, submitter))

    def _roots(self, user: str, obj: str, act: str) -> tuple[str, ...]:
        allowed = [
            g.path for g in self.grants.get(user, ()) if self.decide(user, g.path, obj, act, "")
        ]
        return tuple(minimal_roots(allowed))

    def _holds_over(self, user: str, role: str, path: str) -> bool:
        return any(g.role == role and is_within(path, g.path) for g in self.grants.get(user, ()))

    def _holds_strictly_over(self, user: str, role: str, path: str) -> bool:
        return any(
            g.role == role and is_strictly_within(path, g.path) for g in self.grants.get(user, ())
        )

    def _holds_at(self, user: str, role: str, path: str) -> bool:
        return (user, role, path) in self._exact


class Authorizer:
    def __init__(
        self, *, clock: Callable[[], date] | None = None, roles_end_with_units: bool = True
    ) -> None:
        self._snapshot = PolicySnapshot([], [])
        self._listener: asyncpg.Connection | None = None
        self._reload_lock = asyncio.Lock()
        self._engine: AsyncEngine | None = None
        self.reloads = 0
        # "Today" for role periods; replaceable so a test can let a day pass.
        self.clock: Callable[[], date] = clock or today_in("Asia/Ho_Chi_Minh")
        self.roles_end_with_units = roles_end_with_units
        self._templates: list[tuple[str, ...]] = []
        self._periods: list[AssignmentPeriod] = []
        self._disabled: frozenset[str] = frozenset()

    # -- loading -------------------------------------------------------------------------------
    async def load(self, engine: AsyncEngine) -> None:
        self._engine = engine
        async with engine.connect() as conn:
            rows = await q.all_rules(conn)
            periods = [AssignmentPeriod(*row) for row in await people_q.assignment_periods(conn)]
            disabled = frozenset(await people_q.disabled_usernames(conn))
            await conn.rollback()
        templates = [tuple(r[1:5]) for r in rows if r[0] == "p"]
        day = self.clock()
        snapshot = await asyncio.to_thread(self._build, templates, periods, disabled, day)
        self._templates, self._periods, self._disabled = templates, periods, disabled
        self._snapshot = snapshot
        self.reloads += 1

    def _build(
        self,
        templates: list[tuple[str, ...]],
        periods: list[AssignmentPeriod],
        disabled: frozenset[str],
        day: date,
    ) -> PolicySnapshot:
        active = [
            (a.user, a.role, a.path)
            for a in periods
            if a.user not in disabled and a.active_on(day, self.roles_end_with_units)
        ]
        return PolicySnapshot(templates, active, day)

    def _current(self) -> PolicySnapshot:
        """The snapshot of today: rebuilt from the loaded assignments when the date has moved on
        (an acting role ends, or starts, at midnight without a reload)."""
        snapshot = self._snapshot
        if snapshot.day is not None and snapshot.day != (day := self.clock()):
            snapshot = self._build(self._templates, self._periods, self._disabled, day)
            self._snapshot = snapshot
        return snapshot

    def is_disabled(self, username: str) -> bool:
        """A disabled person: api.auth refuses their tokens and keys (NOTIFY keeps every process
        up to date, like grants)."""
        return username in self._disabled

    async def reload(self) -> None:
        if self._engine is None:
            return
        async with self._reload_lock:
            await self.load(self._engine)

    async def listen(self, database_url: str) -> None:
        """Reload on every NOTIFY on the policy channel (from any process)."""
        url = make_url(database_url).set(drivername="postgresql")
        self._listener = await asyncpg.connect(url.render_as_string(hide_password=False))

        def on_notify(*_: object) -> None:
            asyncio.get_running_loop().create_task(self._reload_logged())

        await self._listener.add_listener(q.POLICY_CHANNEL, on_notify)

    async def _reload_logged(self) -> None:
        try:
            await self.reload()
        except Exception:  # a failed reload keeps the previous snapshot; say so loudly
            log.exception("policy reload failed; keeping the previous policy")

    async def close(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()
            self._listener = None

    # -- questions -----------------------------------------------------------------------------
    def principal(self, username: str) -> Principal:
        return Principal(username, self._current().grants.get(username, ()))

    def allowed(
        self, principal: Principal, obj: str, act: str, unit_path: str, submitter: str = ""
    ) -> bool:
        return self._current().decide(principal.username, unit_path, obj, act, submitter)

    def require(
        self, principal: Principal | None, obj: str, act: str, unit_path: str, submitter: str = ""
    ) -> Principal:
        principal = require_authenticated(principal)
        if not self.allowed(principal, obj, act, unit_path, submitter):
            raise Forbidden(
                msg("You may not {act} {obj} records of this unit.", act=act, obj=obj),
                object=obj,
                action=act,
            )
        return principal

    def paths_for(self, principal: Principal | None, obj: str, act: str) -> list[str]:
        """Subtree roots where `act` on `obj` is allowed: the SQL filter for lists (`<@ ANY`).

        Casbin is asked once per grant, at the grant's own unit, so the answer is exactly what a
        check on any unit of that subtree would say.
        """
        if principal is None:
            return []
        return list(self._current().roots(principal.username, obj, act))

    def read_scope(self, principal: Principal | None) -> tuple[str, ...]:
        """What the caller can read at all: the RLS setting of the request's transaction."""
        return tuple(self.paths_for(principal, "unit", "read"))


def require_authenticated(principal: Principal | None) -> Principal:
    if principal is None:
        raise Unauthenticated(
            msg(
                "Sign in: send `Authorization: Bearer <token>` (development tokens: `./dev "
                "antq token <username>`)."
            )
        )
    return principal
