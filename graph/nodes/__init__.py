"""The Relay `Node` interface, its registry, and `node(id)` / `nodes(ids)`."""
