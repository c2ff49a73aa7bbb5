"""Build one source tree (a tag's checkout or the working tree): HTML, singlehtml and PDF.

This is the unit of work of ``make site`` and of the benchmark. Every tag is
built from its own ``conf.py``, ``_ext/`` and text, so each build runs in a
fresh Python process (``python -m tools.sitebuild.unit``): two tags' ``_ext``
modules of the same name never meet in ``sys.modules``.

Output, for each language ``<lang>``::

    <out>/<lang>/html/…                the HTML pages (Sphinx ``html`` builder)
    <out>/<lang>/singlehtml/index.html the whole policy on one page (redlines, PDF)
    <out>/<lang>/<pdf name>            the PDF (see :func:`.layout.pdf_name`)
    <out>/build.json                   titles, languages, settings, warnings
    <out>/templates/                   the tree's _templates/ and sphinx.po catalogs (the site's footer)

(the paths are :mod:`tools.sitebuild.layout`'s). ``settings`` are the values of
:data:`SITE_SETTINGS` in the tree's own ``conf.py``: the site's own pages show
them (the footer), so each version's come from its own configuration.

The languages are the tree's own (its ``conf.py``'s ``site_languages``, read by
:func:`tools.languages.site_languages`), so a language added later never makes an
older version fail. With ``--strict`` (what ``make site`` and ``make check`` use) any
Sphinx warning fails the build. Problems are printed one per line in the format of
:mod:`tools.diagnostics` (``policy/klage.md:6: error: … [gdpr.reference]``), at the
tree's own ``file:line``, never as a traceback.

For reuse (``make redline`` of the working tree against a tag) call
:func:`build_ref`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tools.diagnostics import WHOLE_TREE, Diagnostic, exception_diagnostic, sphinx_diagnostics
from tools.project import REPO_ROOT
from tools.sitebuild.layout import BUILD_INFO, built_html, built_pdf, built_singlehtml, built_templates, pdf_name

#: Builders run for every language; "pdf" means singlehtml + WeasyPrint.
DEFAULT_BUILDERS = ("html", "singlehtml", "pdf")

#: The ``conf.py`` settings a build records for the site's own pages, with their defaults
#: (a tree older than an extension lacks its settings).
SITE_SETTINGS: Mapping[str, Any] = {
    "project": "",
    "author": "",
    "root_doc": "index",
    "copyright": "",
    "html_show_copyright": True,
    "reader_controller": None,
    "reader_contact_label": "",
}


def document_title(app: object) -> str:
    """The policy's title in the language built: the root document's heading, which
    the ``.po`` files translate (``html_title`` is one config value for every language)."""
    title = app.env.titles.get(app.config.root_doc)  # type: ignore[attr-defined]
    text = title.astext().strip() if title is not None else ""
    return text or app.config.html_title or app.config.project  # type: ignore[attr-defined]


def build_tree(
    srcdir: Path,
    outdir: Path,
    *,
    name: str,
    effective: dt.date | None,
    timestamp: int,
    languages: tuple[str, ...] | None = None,
    builders: tuple[str, ...] = DEFAULT_BUILDERS,
    confoverrides: dict[str, str] | None = None,
    strict: bool = False,
    revised: dt.date | None = None,
) -> dict[str, object]:
    """Build *srcdir* into *outdir* in this process (see the module docstring).

    *timestamp* becomes ``SOURCE_DATE_EPOCH`` (dates Sphinx prints, PDF
    metadata), so the same tree and timestamp give the same bytes. Raises
    :class:`BuildProblems` if Sphinx fails (at the tree's ``conf.py:LINE`` when that
    raised, naming the language and builder), and with *strict* if it warns: one
    :class:`~tools.diagnostics.Diagnostic` per warning (``policy/x.md:12: error: … [gdpr.reference]``).
    *languages* defaults to the tree's own. A translation's PDF says it was made on
    the day of *timestamp*, or, for a translation revision, revised on *revised*.
    """
    from tools.languages import site_languages

    source_language = site_languages(srcdir)[0]
    if languages is None:
        languages = site_languages(srcdir)
    from tools.sitebuild import pdf

    os.environ["SOURCE_DATE_EPOCH"] = str(timestamp)
    created = dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)
    info: dict[str, object] = {"name": name, "languages": list(languages), "warnings": {}}
    with tempfile.TemporaryDirectory(prefix="site-doctrees-") as doctrees:
        for language in languages:
            # The published layout is <language>/<name>/…: the page in another language
            # is ../../<language>/<name>/ from this language's root (sidebar link, hreflang).
            overrides = {"language": language, "language_switch_root": f"../../{{language}}/{name}/",
                         **(confoverrides or {})}
            warnings = io.StringIO()
            sphinx_builders = ["html"] if "html" in builders else []
            if "singlehtml" in builders or "pdf" in builders:
                sphinx_builders.append("singlehtml")
            app = None
            for builder in sphinx_builders:
                app = run_sphinx(srcdir, outdir / language / builder, Path(doctrees) / language, builder,
                                 overrides=overrides, warnings=warnings)
            (built_html(outdir, language) / ".buildinfo").unlink(missing_ok=True)
            lines = relative_warnings(warnings.getvalue(), srcdir)
            info["warnings"][language] = lines  # type: ignore[index]
            if strict and lines:
                raise BuildProblems(sphinx_diagnostics(warnings.getvalue(), srcdir))
            assert app is not None
            title = document_title(app)
            info.setdefault("titles", {})[language] = title  # type: ignore[index]
            info["title"] = title
            info["company"] = app.config.author
            info["settings"] = {name: getattr(app.config, name, default) for name, default in SITE_SETTINGS.items()}
            if "pdf" in builders:
                single = built_singlehtml(outdir, language)
                document = pdf.print_document(
                    (single / "index.html").read_text(encoding="utf-8"),
                    language=language, company=str(info["company"]), title=str(info["title"]),
                    effective=effective, created=created, source_language=source_language,
                    translation=pdf.TranslationDate(revised or created.date(), revised is not None),
                    source_pdf=pdf_name(name, source_language),
                )
                pdf.write_pdf(document, built_pdf(outdir, language, name),
                              language=language, base_url=single)
    copy_templates(srcdir, built_templates(outdir), languages)
    (outdir / BUILD_INFO).write_text(json.dumps(info, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                                       encoding="utf-8")
    return info


def copy_templates(srcdir: Path, destination: Path, languages) -> None:
    """The tree's ``_templates/`` and each language's ``sphinx.po``: the site's own pages render
    the footer with them, so its words are those of the version's own pages."""
    if (srcdir / "_templates").is_dir():
        shutil.copytree(srcdir / "_templates", destination / "_templates", dirs_exist_ok=True)
    for language in languages:
        catalog = Path("locale") / language / "LC_MESSAGES" / "sphinx.po"
        if (srcdir / catalog).is_file():
            (destination / catalog).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(srcdir / catalog, destination / catalog)


class BuildProblems(RuntimeError):
    """A tree that does not build: its problems, each at a ``file:line`` of the tree where there is one."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(map(str, diagnostics)))
        self.diagnostics = diagnostics


def run_sphinx(srcdir: Path, outdir: Path, doctreedir: Path, builder: str, *, overrides: dict[str, str],
               warnings: io.StringIO, freshenv: bool = False, status: io.StringIO | None = None) -> Any:
    """Run one Sphinx build in this process as ``sphinx-build`` does; return the application.

    Its warnings go to *warnings*, its progress and notices to *status* (if given). :class:`BuildProblems` if Sphinx cannot build
    (a ``conf.py`` or extension that raises: one line at its ``file:line`` in the
    tree, never a traceback) or exits non-zero.
    """
    import sphinx.locale
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()
    what = f"sphinx-build -b {builder} (language {overrides.get('language', 'default')})"
    # Sphinx keeps message catalogs in a process-wide cache: without this, the
    # English build would use the Danish build's catalogs (theme labels,
    # extension texts) and fall back to English only.
    sphinx.locale.translators.clear()
    try:
        # As sphinx-build does: docutils' registries are restored after each app.
        with patch_docutils(srcdir), docutils_namespace():
            app = Sphinx(srcdir, srcdir, outdir, doctreedir, builder, confoverrides=overrides, status=status,
                         warning=warnings, freshenv=freshenv)
            app.build()
    except Exception as error:  # Sphinx reports config, extension and build errors this way
        failed = exception_diagnostic(error, srcdir, f"{what} failed")
        raise BuildProblems([*sphinx_diagnostics(warnings.getvalue(), srcdir), failed]) from error
    if app.statuscode:
        raise BuildProblems(sphinx_diagnostics(warnings.getvalue(), srcdir)
                            or [Diagnostic("conf.py", message=f"{what} exited with {app.statuscode}", code="sphinx")])
    return app


def relative_warnings(text: str, srcdir: Path) -> list[str]:
    """Sphinx's warning lines, each once, with paths relative to the tree (``policy/x.md:12: …``)."""
    prefix = f"{srcdir}{os.sep}"
    lines: list[str] = []
    for line in text.splitlines():
        line = line.replace(prefix, "")
        if line.strip() and line not in lines:
            lines.append(line)
    return lines


def unit_command(
    srcdir: Path, outdir: Path, *, name: str, effective: dt.date | None, timestamp: int,
    languages: tuple[str, ...] | None = None, builders: tuple[str, ...] = DEFAULT_BUILDERS,
    strict: bool = False, revised: dt.date | None = None,
) -> list[str]:
    """The command line that runs :func:`build_tree` in a fresh interpreter."""
    return [
        sys.executable, "-m", "tools.sitebuild.unit", str(srcdir), str(outdir),
        "--name", name, "--timestamp", str(timestamp),
        "--effective", effective.isoformat() if effective else "",
        "--languages", ",".join(languages or ()), "--builders", ",".join(builders),
        *(["--strict"] if strict else []),
        *(["--revised", revised.isoformat()] if revised else []),
    ]


def unit_env() -> dict[str, str]:
    """Environment for :func:`unit_command`: this repository's tools importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    return env


def build_ref(
    repo: Path,
    ref: str | None,
    outdir: Path,
    *,
    language: str = "da",
    builders: tuple[str, ...] = ("singlehtml",),
) -> Path:
    """Build git *ref* of *repo* (a tag or commit; ``None`` = the working tree) into *outdir*.

    The ref is checked out with sphinx-polyversion's :class:`~sphinx_polyversion.git.Git`
    (a temporary ``git worktree``; the working tree is copied without ignored
    files), and built in a fresh process from that checkout's own ``conf.py``
    and ``_ext/``. *builders* is any of ``"html"``, ``"singlehtml"``, ``"pdf"``.
    Returns ``outdir / language``, which holds ``html/``, ``singlehtml/index.html``
    and/or the PDF. Raises ``RuntimeError`` with Sphinx's error if the build fails.

    Example (redline of the working tree against a tag)::

        old = build_ref(repo, "v2026-11-24", tmp / "old") / "singlehtml" / "index.html"
        new = build_ref(repo, None, tmp / "new") / "singlehtml" / "index.html"
        compare_documents(old.read_text(), new.read_text())
    """
    from sphinx_polyversion.git import Git

    from tools.git import output as git

    repo = Path(repo).resolve()
    outdir = Path(outdir).resolve()
    vcs = Git(branch_regex="(?!)", tag_regex="(?!)")
    with tempfile.TemporaryDirectory(prefix="site-checkout-") as tmp:
        checkout = Path(tmp)
        if ref is None:
            asyncio.run(vcs.checkout_local(repo, checkout))
            timestamp = int(git(repo, "log", "-1", "--format=%ct").strip() or 0)
        else:
            commit = git(repo, "rev-parse", f"{ref}^{{commit}}").strip()
            asyncio.run(vcs.checkout(repo, checkout, _Rev(commit)))
            timestamp = int(git(repo, "log", "-1", "--format=%ct", commit).strip())
        name = ref or "draft"
        process = subprocess.run(
            unit_command(checkout, outdir, name=name, effective=None, timestamp=timestamp,
                         languages=(language,), builders=builders),
            capture_output=True, check=False, encoding="utf-8", env=unit_env(),
        )
        if process.returncode:
            raise RuntimeError(f"building {name} failed:\n{process.stderr.strip()}")
    return outdir / language


class _Rev:
    """The one attribute of a GitRef that :meth:`Git.checkout` reads."""

    def __init__(self, obj: str) -> None:
        self.obj = obj


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("srcdir", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--name", required=True)
    parser.add_argument("--timestamp", type=int, required=True)
    parser.add_argument("--effective", default="")
    parser.add_argument("--languages", default="", help="comma-separated (default: the tree's site_languages)")
    parser.add_argument("--strict", action="store_true", help="fail on any Sphinx warning")
    parser.add_argument("--builders", default=",".join(DEFAULT_BUILDERS))
    parser.add_argument("--revised", default="", help="a translation revision's date (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    effective = dt.date.fromisoformat(args.effective) if args.effective else None
    if args.outdir.exists():
        shutil.rmtree(args.outdir)
    try:
        build_tree(
            args.srcdir.resolve(), args.outdir.resolve(), name=args.name, effective=effective,
            timestamp=args.timestamp, languages=tuple(args.languages.split(",")) if args.languages else None,
            builders=tuple(args.builders.split(",")), strict=args.strict,
            revised=dt.date.fromisoformat(args.revised) if args.revised else None,
        )
    except BuildProblems as problems:  # one line per problem, in the format the driver reads back
        for diagnostic in problems.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 (e.g. WeasyPrint failed: one clear line, no traceback)
        print(exception_diagnostic(error, args.srcdir.resolve(), f"building {args.name} failed",
                                   default_path=WHOLE_TREE, code="site.build"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
