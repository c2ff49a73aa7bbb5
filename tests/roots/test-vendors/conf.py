# A small project for the vendor registry's tests; tests/vendors_support.py puts _ext on sys.path.
extensions = ["myst_parser", "vendors"]
language = "da"
root_doc = "index"
exclude_patterns = ["_build"]
show_warning_types = True
nitpicky = True
locale_dirs = ["locale/"]
gettext_compact = False
vendors_file = "data/vendors.yaml"
