"""SQL, one module per domain. Every function takes the request's RequestDB and filters by its
scope in the WHERE clause (row-level security is the second lock, not the only one)."""
