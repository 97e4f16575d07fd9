"""GraphQL: the Strawberry schema, its types, loaders and resolvers."""
