# {gdpr} mistakes that MyST builds without a word: tests/test_gdpr_build.py checks the warnings.
extensions = ["myst_parser", "gdpr"]
language = "da"
locale_dirs = ["locale/"]
gettext_compact = False
exclude_patterns = ["_build"]
nitpicky = True
show_warning_types = True
