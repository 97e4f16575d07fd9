"""Casbin policy semantics, checked on the real model.conf and policy.csv without a database."""

from __future__ import annotations

import pytest

from authz.authorizer import Authorizer, PolicySnapshot, Principal, role_templates
from authz.paths import level_above, minimal_roots
from core.errors import Forbidden, Unauthenticated

HAU_LOC = "vn.p38.d400"
PHU_LOC = f"{HAU_LOC}.c16072"
NY_HOA_VIET = f"{HAU_LOC}.eHL_NHV"


def authorizer_with(*assignments: tuple[str, str, str]) -> Authorizer:
    authorizer = Authorizer()
    authorizer._snapshot = PolicySnapshot(role_templates(), assignments)
    return authorizer


def test_a_commune_is_recognised_by_its_district_and_an_agency_by_the_level_above_its_manager():
    assert level_above(PHU_LOC) == HAU_LOC
    assert level_above(NY_HOA_VIET) == "vn.p38"
    assert level_above("vn.p38.c16012_20250701") == "vn.p38"  # after 2025: the province


def test_a_district_reviewer_reviews_its_communes_but_not_itself_nor_the_province_level():
    a = authorizer_with(("rev", "district_reviewer", HAU_LOC))
    rev = a.principal("rev")
    assert a.allowed(rev, "evaluation", "review", PHU_LOC, submitter="officer")
    assert not a.allowed(rev, "evaluation", "review", HAU_LOC, submitter="officer")
    assert not a.allowed(rev, "evaluation", "review", "vn.p38.d407.c16660", submitter="officer")
    # a district-managed enterprise is the province's to recognise, not the district's
    assert not a.allowed(rev, "evaluation", "review", NY_HOA_VIET, submitter="officer")


def test_a_province_reviewer_recognises_a_district_managed_enterprise_but_not_a_commune():
    a = authorizer_with(("prov", "province_reviewer", "vn.p38"))
    prov = a.principal("prov")
    assert a.allowed(prov, "evaluation", "review", NY_HOA_VIET, submitter="head")
    assert not a.allowed(prov, "evaluation", "review", PHU_LOC, submitter="officer")


def test_nobody_reviews_what_they_submitted_themselves():
    a = authorizer_with(("rev", "district_reviewer", HAU_LOC))
    assert not a.allowed(a.principal("rev"), "evaluation", "review", PHU_LOC, submitter="rev")


def test_a_role_does_not_leak_to_a_sibling_whose_code_shares_a_prefix():
    a = authorizer_with(("o", "district_officer", "vn.p38.d40"))
    o = a.principal("o")
    assert a.allowed(o, "plan", "write", "vn.p38.d40.c1")
    assert not a.allowed(o, "plan", "write", "vn.p38.d400")
    assert not a.allowed(o, "plan", "write", "vn.p38.d400.c16072")


def test_only_an_admin_strictly_above_may_grant():
    a = authorizer_with(
        ("admin", "province_admin", "vn.p38"), ("officer", "district_officer", HAU_LOC)
    )
    assert a.allowed(a.principal("admin"), "role", "grant", HAU_LOC)
    assert not a.allowed(a.principal("admin"), "role", "grant", "vn.p38")
    assert not a.allowed(a.principal("admin"), "role", "grant", "vn")
    assert not a.allowed(a.principal("officer"), "role", "grant", PHU_LOC)


@pytest.mark.parametrize(
    "role", ["ministry_viewer", "department_viewer", "province_reviewer", "district_reviewer"]
)
def test_read_only_roles_never_write(role: str) -> None:
    a = authorizer_with(("u", role, "vn.p38"))
    u = a.principal("u")
    assert a.allowed(u, "unit", "read", HAU_LOC)
    for obj in ("unit", "plan", "target", "model", "evaluation", "assessment", "import", "webhook"):
        assert not a.allowed(u, obj, "write", HAU_LOC), obj


def test_list_filters_are_the_minimal_subtree_roots_of_the_grants():
    a = authorizer_with(
        ("u", "district_officer", HAU_LOC),
        ("u", "commune_officer", PHU_LOC),
        ("u", "district_reviewer", "vn.p38.d407"),
    )
    assert a.paths_for(a.principal("u"), "plan", "write") == [HAU_LOC]
    assert a.paths_for(a.principal("u"), "plan", "read") == [HAU_LOC, "vn.p38.d407"]
    assert minimal_roots(["vn.p1.d2", "vn.p1", "vn.p10"]) == ["vn.p1", "vn.p10"]


def test_require_distinguishes_signed_out_from_not_allowed():
    a = authorizer_with(("u", "commune_officer", PHU_LOC))
    with pytest.raises(Unauthenticated):
        a.require(None, "plan", "read", PHU_LOC)
    with pytest.raises(Forbidden):
        a.require(a.principal("u"), "plan", "write", HAU_LOC)
    assert a.require(a.principal("u"), "plan", "write", PHU_LOC) == Principal(
        "u", a.principal("u").grants
    )


# -- who recognises, in both structures (authz/recognition.csv) ------------------------------
HOA_LOC = "vn.p38.c16072_20250701"  # Xã Hoa Lộc: reuses Phú Lộc's code after 1/7/2025
PROVINCE_AGENCY = "vn.p38.aTH_SGD"  # an agency the province manages (either structure)


@pytest.mark.parametrize(
    ("path", "recognised_at"),
    [
        # three tiers (before 1/7/2025)
        (PHU_LOC, HAU_LOC),  # commune -> its district
        (f"{PHU_LOC}.r16072_R01", PHU_LOC),  # hamlet -> its commune
        (NY_HOA_VIET, "vn.p38"),  # district-managed -> province
        (f"{PHU_LOC}.aPL_THCS", HAU_LOC),  # commune-managed -> the district
        (PROVINCE_AGENCY, "vn.p38"),  # province-managed -> its province
        (HAU_LOC, "vn.p38"),  # district -> province
        # two tiers (from 1/7/2025)
        (HOA_LOC, "vn.p38"),  # commune -> the province
        (f"{HOA_LOC}.r16072_R01_20250701", HOA_LOC),  # hamlet -> its commune
        (f"{HOA_LOC}.eHL_NHV_20250701", "vn.p38"),  # commune-managed -> province
    ],
)
def test_the_recognising_level_is_read_from_the_recognition_data(
    path: str, recognised_at: str
) -> None:
    assert level_above(path) == recognised_at


def test_a_case_the_recognition_data_does_not_name_has_no_recogniser() -> None:
    assert level_above("vn") == ""
    assert level_above(f"{PHU_LOC}.r16072_R01.r16072_R01_X") == ""  # a hamlet under a hamlet


def test_a_province_reviewer_recognises_the_agencies_its_province_manages_in_both_structures():
    a = authorizer_with(("prov", "province_reviewer", "vn.p38"))
    prov = a.principal("prov")
    assert a.allowed(prov, "evaluation", "review", PROVINCE_AGENCY, submitter="head")
    assert a.allowed(prov, "evaluation", "review", HOA_LOC, submitter="officer")
    assert a.allowed(prov, "evaluation", "review", f"{HOA_LOC}.eHL_NHV_20250701", submitter="head")
    # after the reform the province recognises communes; before it, the district did
    assert not a.allowed(prov, "evaluation", "review", PHU_LOC, submitter="officer")
    # a hamlet is its commune's to recognise, not the province's
    assert not a.allowed(
        prov, "evaluation", "review", f"{HOA_LOC}.r16072_R01_20250701", submitter="officer"
    )


def test_a_ministry_role_cannot_recognise_a_province_managed_agency():
    a = authorizer_with(("v05", "ministry_viewer", "vn"))
    assert not a.allowed(
        a.principal("v05"), "evaluation", "review", PROVINCE_AGENCY, submitter="head"
    )
