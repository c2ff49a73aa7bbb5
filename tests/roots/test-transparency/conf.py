# A small policy for the transparency extension's tests: two purposes, rights, a complaint, two vendors.
extensions = ["myst_parser", "transparency"]
language = "da"
root_doc = "index"
exclude_patterns = ["_build"]
show_warning_types = True
nitpicky = True
vendors_file = "vendors.yaml"
vendors_json = ""
transparency_file = "transparency.yaml"
processing_file = "processing.yaml"
