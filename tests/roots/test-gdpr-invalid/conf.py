# Invalid {gdpr} references on known lines: tests/test_gdpr_build.py checks the warnings.
extensions = ["myst_parser", "gdpr"]
language = "da"
exclude_patterns = ["_build"]
nitpicky = True
show_warning_types = True
