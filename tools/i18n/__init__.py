"""Translators' tools: update the catalogs, check them, count them."""
