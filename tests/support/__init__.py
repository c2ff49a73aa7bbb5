"""Helpers shared by the tests: fixture repositories, synthetic histories, reading built HTML, the browser."""
