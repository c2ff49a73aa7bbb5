"""Live preview of the policy in one language, served on the loopback interface.

``make preview`` (Danish) or ``make preview LANG=en`` (English) runs this. It
starts sphinx-autobuild, which rebuilds the changed pages and reloads the
browser a moment after a file is saved, and prints the address to open.

sphinx-autobuild reloads the page with a small inline script it adds to every
page it serves. The pages' Content-Security-Policy (``_ext/reader_privacy.py``)
blocks inline scripts, so the preview allows exactly that script, by its hash
(:func:`reload_script_hash`, ``reader_csp_script_hashes``); the published site
allows none.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import socket
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from babel import Locale

from tools.languages import site_languages

# Files that change while the preview builds, or that never affect a page.
# Sphinx compiles .po files into .mo files next to them: watching those would
# trigger a second rebuild after each translation edit.
IGNORED_PATTERNS = (
    r"\.mo$",
    r"(^|/)\.#",  # Emacs lock files
    r"~$",  # editor backups
    r"\.sw[po]$",  # Vim swap files
    r"(^|/)(4913|\.DS_Store)$",  # Vim's write test, macOS
)
IGNORED_DIRECTORIES = ("tests", "tools", ".github", "__pycache__")


class PreviewError(Exception):
    """A bad option, explained in one line."""


def check_language(language: str, languages: Sequence[str]) -> str:
    """*language* if the policy is published in it (one of *languages*); otherwise a clear error."""
    if language not in languages:
        known = ", ".join(languages)
        raise PreviewError(f"unknown preview language {language!r}: use one of {known} (e.g. 'make preview LANG=en')")
    return language


def language_name(language: str) -> str:
    """The language's English name, for the console ("Danish"), or its code if Babel has none."""
    try:
        return Locale.parse(language).get_display_name("en")
    except (ValueError, LookupError):
        return language


def free_port(host: str) -> int:
    """A TCP port that is free on *host* right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def preview_url(host: str, port: int) -> str:
    return f"http://{host}:{port}/"


def reload_script_hash(host: str, port: int) -> str:
    """The CSP hash source (``'sha256-…'``) of sphinx-autobuild's reload script for *host*:*port*.

    The script names the address of its WebSocket, so its hash is the address's;
    it is taken from sphinx-autobuild itself, so a new version's script is allowed too.
    """
    from sphinx_autobuild.middleware import web_socket_script

    script = re.search(r"<script>(.*)</script>", web_socket_script(f"{host}:{port}"), re.DOTALL)
    if script is None:
        raise PreviewError("sphinx-autobuild's reload script has changed: no <script> element in it")
    digest = hashlib.sha256(script.group(1).encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def autobuild_arguments(
    *, source: Path, builddir: Path, language: str, host: str, port: int, sphinxopts: Sequence[str] = ()
) -> list[str]:
    """The sphinx-autobuild command line for one language."""
    outdir = builddir / "preview" / language
    arguments = [
        str(source),
        str(outdir),
        "--doctree-dir",
        str(builddir / "preview" / f".doctrees-{language}"),
        "--define",
        f"language={language}",
        "--define",
        f"reader_csp_script_hashes={reload_script_hash(host, port)}",
        "--host",
        host,
        "--port",
        str(port),
        "--ignore",
        str(builddir),
    ]
    for directory in IGNORED_DIRECTORIES:
        arguments += ["--ignore", str(source / directory)]
    for pattern in IGNORED_PATTERNS:
        arguments += ["--re-ignore", pattern]
    return arguments + list(sphinxopts)


def child_environment(environ: Mapping[str, str], languages: Sequence[str]) -> dict[str, str]:
    """The environment for sphinx-autobuild.

    ``make preview LANG=en`` puts ``LANG=en`` in the environment, where it also
    names the locale; "en" is not a locale, so give the child a real one.
    """
    env = dict(environ)
    if env.get("LANG") in languages:
        env["LANG"] = "C.UTF-8"
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.editor.preview", description=__doc__.splitlines()[0])
    parser.add_argument("--language", help="one of conf.py's site_languages (default: the source language)")
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1, loopback only)")
    parser.add_argument("--port", type=int, default=8000, help="port to serve on; 0 picks a free one (default: 8000)")
    parser.add_argument("--source", type=Path, default=Path("."), help="the project directory (default: .)")
    parser.add_argument("--builddir", type=Path, default=Path("_build"), help="build directory (default: _build)")
    parser.add_argument("sphinxopts", nargs="*", help="extra sphinx-build options, after '--'")
    args = parser.parse_args(argv)

    languages = site_languages(args.source.resolve())
    try:
        language = check_language(args.language or languages[0], languages)
        port = args.port or free_port(args.host)
        arguments = autobuild_arguments(
            source=args.source,
            builddir=args.builddir,
            language=language,
            host=args.host,
            port=port,
            sphinxopts=args.sphinxopts,
        )
    except PreviewError as error:
        print(f"preview: {error}", file=sys.stderr)
        return 2
    command = [sys.executable, "-m", "sphinx_autobuild", *arguments]
    print(
        f"Preview of the {language_name(language)} pages: {preview_url(args.host, port)}\n"
        "The first build takes a few seconds; after that, each save rebuilds the changed pages "
        "and reloads the browser. Stop with Ctrl-C.",
        flush=True,
    )
    os.execve(sys.executable, command, child_environment(os.environ, languages))
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
