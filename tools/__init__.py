"""Build tooling for the policy site (not part of any Sphinx build)."""
