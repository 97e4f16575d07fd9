"""Administrative units (the hierarchy): types, inputs, root queries, loaders."""
