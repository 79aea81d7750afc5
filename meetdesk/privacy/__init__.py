"""Privacy by construction: encryption at rest and keyed hashes for lookups.

Later layers (data categories, retention, access scopes, audit chain, data-subject
rights) build on the primitives here.
"""
