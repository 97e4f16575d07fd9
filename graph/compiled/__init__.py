"""The compiled read path (issue 18): documents made of compilable fields become one SQL
statement building the response JSON (graph/compiled/compiler.py, db/queries/compiled.py)."""
