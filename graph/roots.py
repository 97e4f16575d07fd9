"""The root types, merged from one class per domain: a domain adds its class here, nothing else."""

from __future__ import annotations

from strawberry.tools import merge_types

from graph.changes import ChangeMutations, ChangeQueries
from graph.evaluation_rules import EvaluationRuleMutations, EvaluationRuleQueries
from graph.evaluations import EvaluationMutations, EvaluationQueries
from graph.excel import ExcelMutations
from graph.labels import LabelQueries
from graph.mutations import AccessMutations
from graph.people.mutations import PeopleMutations
from graph.people.queries import PeopleQueries
from graph.plans.mutations import PlanMutations
from graph.plans.queries import PlanQueries
from graph.queries import UnitQueries
from graph.reports import ReportQueries
from graph.schedules import ScheduleMutations, ScheduleQueries
from graph.service_accounts import ServiceAccountMutations, ServiceAccountQueries

QUERY_PARTS: tuple[type, ...] = (
    UnitQueries,
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
