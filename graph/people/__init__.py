"""People management over GraphQL (issue 17): `people`, `rolesAtEndedUnits`, the person
mutations, and the person and permissions that `me` shows."""
