"""GraphQL of plans, targets, progress, models and the calendar (issue 4)."""
