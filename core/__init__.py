"""What every layer shares and nothing else: settings, errors, identifiers, the domain's closed
sets and request observability. core imports no other package of the project."""
