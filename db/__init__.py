"""Persistence: SQLAlchemy models, engines, per-request transactions and the queries."""
