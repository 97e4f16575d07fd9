"""The roles and where each may be held. Permissions are in policy.csv, not here: this module
only says at which kind of unit a role makes sense, so a grant cannot put a district officer on a
commune."""

from __future__ import annotations

import enum

from core.domain import UnitKind


class Role(enum.StrEnum):
    MINISTRY_VIEWER = "ministry_viewer"
    PROVINCE_ADMIN = "province_admin"
    PROVINCE_REVIEWER = "province_reviewer"
    DISTRICT_OFFICER = "district_officer"
    DISTRICT_REVIEWER = "district_reviewer"
    COMMUNE_OFFICER = "commune_officer"
    AGENCY_HEAD = "agency_head"
    DEPARTMENT_VIEWER = "department_viewer"
    INTEGRATION = "integration"


HELD_AT: dict[Role, frozenset[UnitKind]] = {
    Role.MINISTRY_VIEWER: frozenset({UnitKind.NATION}),
    Role.PROVINCE_ADMIN: frozenset({UnitKind.PROVINCE}),
    Role.PROVINCE_REVIEWER: frozenset({UnitKind.PROVINCE}),
    Role.DISTRICT_OFFICER: frozenset({UnitKind.DISTRICT}),
    Role.DISTRICT_REVIEWER: frozenset({UnitKind.DISTRICT}),
    Role.COMMUNE_OFFICER: frozenset({UnitKind.COMMUNE}),
    Role.AGENCY_HEAD: frozenset({UnitKind.AGENCY, UnitKind.ENTERPRISE, UnitKind.SCHOOL}),
    Role.DEPARTMENT_VIEWER: frozenset({UnitKind.PROVINCE}),
    # An integration system of a province, a district or a commune (service accounts).
    Role.INTEGRATION: frozenset({UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE}),
}
