# A site in three languages with the language switch alone (tests/test_languages.py): German has no catalog.
# The switch is rendered by the project's own sidebar template, in Furo.
from pathlib import Path

import language_switch

extensions = ["language_switch"]
site_languages = ["da", "en", "de"]
language = "da"
show_warning_types = True
html_theme = "furo"
templates_path = [str(Path(language_switch.__file__).resolve().parent.parent / "_templates" / "sidebar")]
html_sidebars = {"**": ["language-switch.html"]}
