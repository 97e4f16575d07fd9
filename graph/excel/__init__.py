"""Excel imports: target tables and residential-area assessments (.xlsx uploads)."""
