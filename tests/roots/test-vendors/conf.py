# A small project for the vendor registry's tests; pytest's pythonpath (pyproject.toml) makes _ext importable.
extensions = ["myst_parser", "vendors"]
language = "da"
root_doc = "index"
exclude_patterns = ["_build"]
show_warning_types = True
nitpicky = True
locale_dirs = ["locale/"]
gettext_compact = False
vendors_file = "data/vendors.yaml"
