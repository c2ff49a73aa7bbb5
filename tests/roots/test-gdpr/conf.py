# Every form of the {gdpr} role, in two documents, and the cited-provisions page.
# pytest's pythonpath (pyproject.toml) makes the project's _ext/ importable.
extensions = ["myst_parser", "gdpr"]
language = "da"
exclude_patterns = ["_build"]
nitpicky = True
show_warning_types = True
