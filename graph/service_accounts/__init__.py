"""Service accounts of integration systems and their API keys."""
