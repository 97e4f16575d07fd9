"""DataLoaders: one statement per relation per request level, never one per parent row."""
