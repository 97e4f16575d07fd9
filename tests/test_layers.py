"""The layer contract: api -> graph -> services (authz beside them) -> db -> core, nothing upward.

A request takes one path (resolver in graph/, service in services/, query in db/queries/) and
core/ holds what all of them share, so a module may import only its own layer and the layers
below it. Imports inside functions are refused too: they are how cycles were dodged before.

KNOWN lists the violations still in the tree while the structure work is under way; it must only
shrink: a listed import that is gone fails the test as well, so the list stays the truth.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.config import PROJECT_ROOT

# Higher may import lower or equal (within its own package); authz and services share a rank but
# authz must not import services (services ask the authorizer, never the reverse).
RANK = {"core": 0, "db": 1, "authz": 2, "services": 2, "seeds": 3, "graph": 3, "api": 4}
FORBIDDEN_SIDEWAYS = {("authz", "services"), ("graph", "seeds"), ("seeds", "graph")}
# Resolvers reach the database only through services: graph/ skips no layer.
SKIPPED = {("graph", "db")}
# The command line imports each command's modules when that command runs, so `antq --help` and
# `antq token` start in a fraction of a second; that is start-up cost, not a cycle.
LAZY_BY_DESIGN = {"api/cli.py"}
PACKAGES = tuple(RANK)

KNOWN: set[str] = {
    "api/app.py: imports api inside a function",
    "api/console.py: imports api inside a function",
    "db/bootstrap.py: imports authz inside a function",
    "db/bootstrap.py: imports db inside a function",
    "db/bootstrap.py: imports seeds inside a function",
    "db/queries/targets.py: imports services (upward)",
    "db/urls.py: imports db inside a function",
    "graph/changes.py: imports db (skips the service layer)",
    "graph/context.py: imports db (skips the service layer)",
    "graph/evaluation_rules.py: imports db (skips the service layer)",
    "graph/loaders/evaluations.py: imports db (skips the service layer)",
    "graph/loaders/plans.py: imports db (skips the service layer)",
    "graph/loaders/units.py: imports db (skips the service layer)",
    "graph/plans/queries.py: imports core inside a function",
    "graph/plans/queries.py: imports db (skips the service layer)",
    "graph/plans/types.py: imports db (skips the service layer)",
    "graph/plans/types.py: imports services inside a function",
    "graph/schedules.py: imports services inside a function",
    "graph/service_accounts.py: imports db (skips the service layer)",
    "graph/types/access.py: imports services inside a function",
    "graph/types/evaluation.py: imports db (skips the service layer)",
    "graph/types/evaluation.py: imports graph inside a function",
    "graph/types/evaluation.py: imports services inside a function",
    "graph/types/unit.py: imports graph inside a function",
    "services/criteria_rules.py: imports services inside a function",
}


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported top-level package, line, inside a function) for every project import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((a.name.split(".")[0], child.lineno, inner) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.append((child.module.split(".")[0], child.lineno, inner))
            elif isinstance(child, ast.If) and ast.unparse(child.test) == "TYPE_CHECKING":
                continue  # annotations only: no import at run time, no cycle
            visit(child, inner)

    visit(tree, False)
    return [f for f in found if f[0] in PACKAGES]


def violations() -> set[str]:
    out: set[str] = set()
    for package in PACKAGES:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            module = path.relative_to(PROJECT_ROOT).as_posix()
            for target, _line, nested in _imports(path):
                if nested and module in LAZY_BY_DESIGN:
                    continue
                if (package, target) in SKIPPED:
                    out.add(f"{module}: imports {target} (skips the service layer)")
                elif nested:
                    out.add(f"{module}: imports {target} inside a function")
                elif RANK[target] > RANK[package] or (package, target) in FORBIDDEN_SIDEWAYS:
                    out.add(f"{module}: imports {target} (upward)")
                elif package == "core" and target != "core":
                    out.add(f"{module}: imports {target} (core imports nothing of the project)")
    return out


def test_no_module_imports_a_layer_above_its_own() -> None:
    found = violations()
    new = sorted(found - KNOWN)
    gone = sorted(KNOWN - found)
    assert not new, "imports against the layer contract:\n" + "\n".join(new)
    assert not gone, "fixed, so remove from KNOWN in tests/test_layers.py:\n" + "\n".join(gone)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from graph.schema import build\n", [("graph", False)]),
        ("import db.session\n", [("db", False)]),
        ("def f():\n    from db.session import x\n", [("db", True)]),
        ("async def f():\n    import services.plans\n", [("services", True)]),
        ("if TYPE_CHECKING:\n    from graph.types import T\n", []),
        ("from strawberry import type\nfrom . import sibling\n", []),
    ],
)
def test_the_checker_sees_module_and_function_level_imports(
    tmp_path: Path, source: str, expected: list[tuple[str, bool]]
) -> None:
    path = tmp_path / "mod.py"
    path.write_text(source)
    assert [(target, nested) for target, _line, nested in _imports(path)] == expected
