"""Authorization: who may read and change which part of the hierarchy (Casbin + RLS)."""
