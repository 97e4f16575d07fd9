"""Evaluation rules: periods, Decision 510 scoring tables and proposals, commune safety."""
