# Every form of the {gdpr} role, in two documents, and the cited-provisions page.
# tests/test_gdpr_build.py puts the project's _ext/ on sys.path.
extensions = ["myst_parser", "gdpr"]
language = "da"
exclude_patterns = ["_build"]
nitpicky = True
show_warning_types = True
