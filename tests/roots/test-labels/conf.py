# Labels copied between files, and labels their anchors do not spell: tests/test_editor_input.py.
extensions = ["myst_parser", "policy_labels"]
language = "da"
exclude_patterns = ["_build"]
nitpicky = True
show_warning_types = True
policy_labels_required = ["*"]
