"""Result reports (6-month and annual) as GraphQL."""
