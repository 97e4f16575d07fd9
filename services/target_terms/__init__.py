"""Plan wording read into typed targets: categories, quantities and deadlines.

Plans state every target as Vietnamese free text ("≥ 01 văn bản", "Cuối Quý I/2023", "Trước
10/11/2023"). Progress can only be tracked against comparable values, so these parsers turn that
text into the value objects of core/targets.py while always keeping the text itself (`raw`) for
audit and display. The seed parser, the spreadsheet importer and GraphQL input validation all
share them, which is why the package depends on core/ and the standard library only.

Parsing tolerates what real documents contain (HTML fragments, LaTeX such as ``$\\geq 80\\%$``,
missing accents, "Ttrước" and other typos); building from structured input goes through the
value objects' class-method constructors, which validate the same invariants and raise
`TermError`.

One module per concern: text (normalisation), category (headings), quantity, deadline.
"""

from __future__ import annotations

from services.target_terms.category import TargetCategory, category_from_heading
from services.target_terms.deadline import find_deadline, parse_deadline
from services.target_terms.quantity import free_text, parse_quantity
from services.target_terms.text import clean_text

__all__ = [
    "TargetCategory",
    "category_from_heading",
    "clean_text",
    "find_deadline",
    "free_text",
    "parse_deadline",
    "parse_quantity",
]
