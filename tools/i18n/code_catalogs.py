"""The catalogs of the code: the words the extensions, the templates and the site tooling show readers.

The policy's own text has one catalog per source file (``locale/<language>/
LC_MESSAGES/policy/klage.po``, extracted by Sphinx's gettext builder). The code's
words have one catalog per gettext domain, listed once here in
:data:`CODE_CATALOGS`: where their text is, how Babel extracts it, and where the
catalogs live. ``make update-po`` extracts and merges them
(:mod:`tools.i18n.update`), ``make check-po`` reports a missing or stale one
(:mod:`tools.i18n.language_files`), and a test checks every catalog in every
language of ``conf.py``.

Their msgids are English sentences with named placeholders, so every language
but English needs each of them (:data:`MSGID_LANGUAGE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file

from tools.project import REPO_ROOT

#: The language the code's msgids are written in: it needs no catalog of them.
MSGID_LANGUAGE = "en"

_PYTHON = (("**.py", "python"),)
_JINJA = "jinja2.ext:babel_extract"
#: Comments above a message that Babel copies to the catalog for the translator.
COMMENT_TAGS = ("Translators:",)


@dataclass(frozen=True)
class CodeCatalog:
    """One gettext domain of the code, and where its catalogs are."""

    domain: str
    words: str  # whose words they are, for messages: "the vendor table's words"
    locale_dir: str  # relative to the repository root
    sources: tuple[str, ...]  # directories or files, relative to the repository root
    method_map: tuple[tuple[str, str], ...] = _PYTHON
    keywords: tuple[str, ...] = ("_",)
    #: Also the theme's own words, kept by hand: update-po adds new messages and
    #: removes none (Furo's words are not in this project's templates).
    hand_kept: bool = False

    def po_path(self, language: str, root: Path = REPO_ROOT) -> Path:
        """``<locale_dir>/<language>/LC_MESSAGES/<domain>.po``."""
        return root / self.locale_dir / language / "LC_MESSAGES" / f"{self.domain}.po"

    def in_tree(self, root: Path = REPO_ROOT) -> bool:
        """Whether *root* has this code at all (a small project may have no templates of its own)."""
        return any((root / source).exists() for source in self.sources)

    def languages_with_catalogs(self, root: Path = REPO_ROOT) -> list[str]:
        """The languages that have a catalog of this domain today."""
        return sorted(path.parent.parent.name for path in (root / self.locale_dir).glob(f"*/LC_MESSAGES/{self.domain}.po"))

    def template(self, root: Path = REPO_ROOT) -> Catalog:
        """Every message the code uses, extracted by Babel, in the order of the files."""
        catalog = Catalog(project=self.domain, copyright_holder="WEXO A/S", fuzzy=False)
        keywords = dict.fromkeys(self.keywords)
        for source in self.sources:
            path = root / source
            if not path.exists():
                continue
            if path.is_dir():
                found = (
                    (f"{source}/{name}", line, message, comments, context)
                    for name, line, message, comments, context in extract_from_dir(
                        path, method_map=list(self.method_map), keywords=keywords, comment_tags=COMMENT_TAGS
                    )
                )
            else:
                method = next(m for pattern, m in self.method_map if Path(source).match(pattern))
                found = (
                    (source, line, message, comments, context)
                    for line, message, comments, context in extract_from_file(
                        method, path, keywords=keywords, comment_tags=COMMENT_TAGS
                    )
                )
            for _file, _line, message, comments, context in found:
                catalog.add(message, None, auto_comments=comments, context=context)
        return catalog


#: Every catalog of the code, in the order update-po handles them.
CODE_CATALOGS = (
    CodeCatalog("gdpr", "the GDPR citations' words", "_ext/gdpr/locale", ("_ext/gdpr",)),
    CodeCatalog("vendors", "the vendor table's words", "_ext/vendors/locale", ("_ext/vendors",)),
    CodeCatalog("transparency", "the transparency overview's words", "_ext/transparency/locale", ("_ext/transparency",)),
    CodeCatalog("notice", "the machine-readable notice's link", "_ext/notice/locale", ("_ext/notice",)),
    CodeCatalog(
        "language_switch", "the language switch's link", "_ext/locale", ("_ext/language_switch.py",), keywords=("N_",)
    ),
    CodeCatalog(
        "translation_notice", "the notice that a translation's source text prevails", "_ext/locale",
        ("_ext/translation_notice.py",), keywords=("N_",),
    ),
    CodeCatalog(
        "site", "the site's own pages (versions, redlines, PDF)", "tools/locale", ("tools",),
        method_map=(("**/templates/**.html", _JINJA), *_PYTHON), keywords=("t", "N_"),
    ),
    CodeCatalog(
        "sphinx", "the theme's and the templates' words", "locale", ("_templates",),
        method_map=(("**.html", _JINJA),), keywords=("_", "gettext", "ngettext"), hand_kept=True,
    ),
)


def needs_catalogs(language: str) -> bool:
    """Whether *language* needs the code's catalogs (every language but the msgids' own)."""
    return language.replace("-", "_").split("_")[0] != MSGID_LANGUAGE
