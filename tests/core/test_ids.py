"""Global ids are read by one function: a garbled id is the client's mistake and names its field;
a well-formed id of another type names nothing the field accepts."""

from __future__ import annotations

import base64

import pytest

from core.errors import BadInput, NotFound
from core.ids import INT64_MAX, decode_id, decode_pk, to_global_id


def _raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def test_an_id_this_api_issued_decodes_to_its_type_and_key() -> None:
    assert decode_id(to_global_id("Plan", 42), "Plan", field="plan") == ("Plan", 42)
    assert decode_pk(to_global_id("Target", 7), "Target", field="target") == 7


def test_an_id_may_be_one_of_several_types() -> None:
    assert decode_id(to_global_id("Target", 3), "Plan", "Target", field="id") == ("Target", 3)


@pytest.mark.parametrize(
    "garbled",
    [
        "not base64 at all!",
        _raw("Plan"),  # no key
        _raw(":12"),  # no type
        _raw("Plan:12a"),
        _raw("Plan:-1"),
        _raw(f"Plan:{INT64_MAX + 1}"),  # past bigint: names no row, and is no key
        _raw("Plan:" + "9" * 30),
        "",
    ],
)
def test_a_garbled_id_is_bad_input_naming_the_field(garbled: str) -> None:
    with pytest.raises(BadInput) as raised:
        decode_id(garbled, "Plan", field="plan")
    assert raised.value.details["field"] == "plan"
    assert "`plan`" in raised.value.message


def test_the_largest_bigint_is_still_a_key() -> None:
    assert decode_pk(_raw(f"Plan:{INT64_MAX}"), "Plan", field="plan") == INT64_MAX


def test_an_id_of_another_type_is_not_found_like_an_object_out_of_scope() -> None:
    with pytest.raises(NotFound):
        decode_id(to_global_id("Target", 1), "Plan", field="plan")
