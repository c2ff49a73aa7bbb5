"""The product's command-line tools, run as ``python -m tools.<name>`` (see README "Layout").

The tools read the policy with the build's own parsers: the extensions in
``_ext/`` (``gdpr.references``, ``vendors.registry``, ``transparency``). So
``_ext/`` is importable whenever a tool is, as ``conf.py`` makes it for Sphinx.
It is appended, not prepended: a version's own ``conf.py`` puts its own ``_ext/``
first when ``make site`` builds that version.
"""

import sys
from pathlib import Path

_EXTENSIONS = str(Path(__file__).resolve().parent.parent / "_ext")
if _EXTENSIONS not in sys.path:
    sys.path.append(_EXTENSIONS)
