"""The root types, merged from one class per domain: a domain adds its class here, nothing else."""

from __future__ import annotations

from strawberry.tools import merge_types

from graph.access.mutations import AccessMutations
from graph.access.queries import AccessQueries
from graph.changes.mutations import ChangeMutations
from graph.changes.queries import ChangeQueries
from graph.evaluation_rules.mutations import EvaluationRuleMutations
from graph.evaluation_rules.queries import EvaluationRuleQueries
from graph.evaluations.mutations import EvaluationMutations
from graph.evaluations.queries import EvaluationQueries
from graph.excel.mutations import ExcelMutations
from graph.labels import LabelQueries
from graph.nodes.queries import NodeQueries
from graph.people.mutations import PeopleMutations
from graph.people.queries import PeopleQueries
from graph.plans.mutations import PlanMutations
from graph.plans.queries import PlanQueries
from graph.reports.queries import ReportQueries
from graph.schedules.mutations import ScheduleMutations
from graph.schedules.queries import ScheduleQueries
from graph.service_accounts.mutations import ServiceAccountMutations
from graph.service_accounts.queries import ServiceAccountQueries
from graph.units.queries import UnitQueries

QUERY_PARTS: tuple[type, ...] = (
    NodeQueries,
    UnitQueries,
    AccessQueries,
    PlanQueries,
    EvaluationQueries,
    ReportQueries,
    ChangeQueries,
    ServiceAccountQueries,
    PeopleQueries,
    EvaluationRuleQueries,
    ScheduleQueries,
    LabelQueries,
)
MUTATION_PARTS: tuple[type, ...] = (
    AccessMutations,
    PlanMutations,
    EvaluationMutations,
    ExcelMutations,
    ChangeMutations,
    ServiceAccountMutations,
    PeopleMutations,
    EvaluationRuleMutations,
    ScheduleMutations,
)

Query = merge_types("Query", QUERY_PARTS)
Mutation = merge_types("Mutation", MUTATION_PARTS)
