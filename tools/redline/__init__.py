"""Redlines: what changed between two versions of the policy, section by section (see compare.py)."""
