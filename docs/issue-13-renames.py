"""One-off helper for merging branches written against the names before issue 13: rewrites
GraphQL in test and bench files to the naming scheme (see README, "The contract for front
ends"). Review the diff it makes: it is textual. Usage: python docs/issue-13-renames.py FILE...

Not covered (do by hand): Python dict keys of variables other than "unitCode" (e.g.
{"plan": id} for ImportTargetsInput -> {"planId": id}), role names passed as variables
("commune_officer" -> "COMMUNE_OFFICER", and `$r: String!` -> `$r: Role!`), expected role values
in results, and the closing brace of each rewritten `edges { node {`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROLES = [
    "ministry_viewer",
    "province_admin",
    "province_reviewer",
    "district_officer",
    "district_reviewer",
    "commune_officer",
    "agency_head",
    "department_viewer",
    "integration",
]


def rewrite(s: str) -> str:
    s = s.replace("unit(code:", "unit(unit:")
    s = re.sub(
        r"\b(rollup|typicalCampaign|assessment|resultReport|targets)\(unitCode:", r"\1(unit:", s
    )
    s = re.sub(r"([{,]\s*)unitCode:", r"\1unit:", s)  # input object fields
    s = re.sub(r"\b(campaignId|assessmentId):", "id:", s)
    s = re.sub(r"input: \{(target|model):", "input: {id:", s)
    s = re.sub(r"([{,]\s*)(parent|supersedes|mergedInto):", r"\1\2Id:", s)
    s = s.replace('"unitCode": ', '"unit": ')
    s = s.replace("underCode", "under")
    s = re.sub(r"\b(InvalidInput|NotAllowed|VersionConflict)\b(?!Error)", r"\1Error", s)
    s = re.sub(r"\bCreateModelInput\b", "CreateMovementModelInput", s)
    s = re.sub(r"\bChangeModelStatusInput\b", "ChangeMovementModelStatusInput", s)
    s = re.sub(r"\bRateModelInput\b", "RateMovementModelInput", s)
    s = s.replace("UnitList", "AdminUnitConnection")
    s = re.sub(
        r"\b(assessments|typicalCampaigns|auditLog)(\([^)]*\))? \{ (nodes|entries) \{",
        r"\1\2 { edges { node {",
        s,
    )  # closing braces: add one `}` by hand
    for role in ROLES:
        s = s.replace(f'role: "{role}"', f"role: {role.upper()}")
    return s


if __name__ == "__main__":
    for name in sys.argv[1:]:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new = rewrite(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print("rewrote", path)
