"""make preview: sphinx-autobuild serves the pages on the loopback interface and rebuilds on save."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.support import editor_repo
from tests.support.htmltext import parse
from tools.editor import preview
from tools.project import copy_policy_sources

# Generous bounds for a shared 2-core machine; a healthy run takes a few seconds.
START_TIMEOUT = 90
REBUILD_TIMEOUT = 60
ADDRESS = re.compile(r"Preview of the \w+ pages: (http://127\.0\.0\.1:\d+/)")


def project_copy(destination):
    """The fixture policy with this project's Makefile and tools (no git needed)."""
    shutil.copytree(editor_repo.TEMPLATE, destination)
    shutil.copy2(editor_repo.PROJECT_ROOT / "Makefile", destination / "Makefile")
    shutil.copy2(editor_repo.PROJECT_ROOT / "requirements.txt", destination / "requirements.txt")
    shutil.copytree(
        editor_repo.PROJECT_ROOT / "tools", destination / "tools", ignore=shutil.ignore_patterns("__pycache__")
    )
    return destination


def real_project_copy(destination):
    """This project's policy, Makefile and tools: its pages carry the site's Content-Security-Policy."""
    copy_policy_sources(destination)
    shutil.copy2(editor_repo.PROJECT_ROOT / "Makefile", destination / "Makefile")
    shutil.copy2(editor_repo.PROJECT_ROOT / "requirements.txt", destination / "requirements.txt")
    shutil.copytree(
        editor_repo.PROJECT_ROOT / "tools", destination / "tools", ignore=shutil.ignore_patterns("__pycache__")
    )
    return destination


class Server:
    """``make preview`` in its own process group, its output collected by a thread."""

    def __init__(self, cwd, *make_args):
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", f"VENV={editor_repo.VENV}", "preview", "PREVIEW_PORT=0", *make_args],
            cwd=cwd,
            env=editor_repo.environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            encoding="utf-8",
            start_new_session=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return "\n".join(self.lines)

    def address(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if found := ADDRESS.search(line):
                    return found.group(1)
            assert self.process.poll() is None, f"make preview stopped:\n{self.output()}"
            time.sleep(0.1)
        pytest.fail(f"make preview printed no address in {START_TIMEOUT}s:\n{self.output()}")

    def fetch_until(self, url: str, expected: str, timeout: float) -> str:
        """GET *url* until it answers with *expected* in the page."""
        deadline = time.monotonic() + timeout
        page = ""
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"make preview stopped:\n{self.output()}"
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    page = response.read().decode("utf-8")
                if expected in page:
                    return page
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.2)
        pytest.fail(f"{url} did not show {expected!r} within {timeout}s:\n{self.output()}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        self.reader.join(timeout=5)


@pytest.mark.parametrize(
    ("make_args", "language", "title", "edit"),
    [
        ((), "da", "Eksempelpolitik", ("i 5 år", "i 4 år")),
        (("LANG=en",), "en", "Example policy", ("for 5 years", "for 4 years")),
    ],
    ids=["danish", "english"],
)
def test_preview_serves_the_page_and_rebuilds_on_save(tmp_path, make_args, language, title, edit):
    project = project_copy(tmp_path / "project")
    server = Server(project, *make_args)
    try:
        url = server.address()
        front_page = server.fetch_until(url, f"<h1>{title}", START_TIMEOUT)
        assert parse(front_page).get("lang") == language
        # A saved edit shows up without restarting the server.
        page = url + "policy/behandling.html"
        server.fetch_until(page, edit[0], REBUILD_TIMEOUT)
        source = "policy/behandling.md" if language == "da" else "locale/en/LC_MESSAGES/policy/behandling.po"
        editor_repo.edit(project, source, edit[0], edit[1])
        server.fetch_until(page, edit[1], REBUILD_TIMEOUT)
    finally:
        server.stop()
    assert server.process.returncode is not None


# Collects Content-Security-Policy violations and counts the page's loads, before its own scripts run.
_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def test_the_browser_reloads_itself_after_a_save(tmp_path, browser):
    """The editor's loop in a real browser: open the preview, save an edit, see it without reloading."""
    project = real_project_copy(tmp_path / "project")
    server = Server(project)
    context = browser.new_context()
    try:
        url = server.address() + "policy/klage.html"
        server.fetch_until(url, "Datatilsynet", START_TIMEOUT)
        context.add_init_script(_WATCH)
        page = context.new_page()
        loads = []
        page.on("load", lambda _page: loads.append(page.url))
        page.goto(url, wait_until="load")
        csp = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert csp.startswith("default-src 'self';")
        # Exactly one inline script is allowed: sphinx-autobuild's, by its hash.
        assert re.findall(r"script-src (.*?)(?:;|$)", csp) == [f"'self' {preview.reload_script_hash(*url[7:].split('/')[0].split(':'))}"]
        assert "unsafe-inline" not in csp
        editor_repo.edit(project, "policy/klage.md", "Du har ret til at indgive en klage", "Du kan altid klage")
        paragraph = page.locator("article[role=main] p", has_text="Du kan altid klage")
        paragraph.wait_for(timeout=REBUILD_TIMEOUT * 1000)  # no page.reload(): the page reloads itself
        assert len(loads) >= 2
        assert page.evaluate("window.__cspViolations") == []
    finally:
        context.close()
        server.stop()


def test_preview_listens_only_on_loopback():
    arguments = preview.autobuild_arguments(
        source=editor_repo.PROJECT_ROOT,
        builddir=editor_repo.PROJECT_ROOT / "_build",
        language="en",
        host="127.0.0.1",
        port=8000,
    )
    assert arguments[arguments.index("--host") + 1] == "127.0.0.1"
    assert "language=en" in arguments


@pytest.mark.parametrize(
    ("variables", "environment_lang", "language"),
    [
        ((), "en_US.UTF-8", "da"),  # a locale, not a choice of language
        ((), "C.UTF-8", "da"),
        (("LANG=en",), "da_DK.UTF-8", "en"),
        ((), "en", "en"),  # LANG=en make preview
        (("PREVIEW_LANG=en",), "da_DK.UTF-8", "en"),
    ],
)
def test_preview_language_from_make_variables(variables, environment_lang, language):
    env = editor_repo.environment() | {"LANG": environment_lang}
    result = subprocess.run(
        ["make", "--no-print-directory", "--dry-run", f"VENV={editor_repo.VENV}", "preview", *variables],
        cwd=editor_repo.PROJECT_ROOT,
        env=env,
        capture_output=True,
        encoding="utf-8",
        check=True,
    )
    assert f'--language "{language}"' in result.stdout


def test_an_unknown_language_is_refused(capsys):
    assert preview.main(["--language", "de"]) == 2
    assert "unknown preview language 'de': use one of da, en" in capsys.readouterr().err


def test_the_child_gets_a_real_locale():
    languages = ("da", "en")
    assert preview.child_environment({"LANG": "en", "PATH": "/bin"}, languages) == {"LANG": "C.UTF-8", "PATH": "/bin"}
    assert preview.child_environment({"LANG": "da_DK.UTF-8"}, languages) == {"LANG": "da_DK.UTF-8"}


def test_the_console_names_the_language_in_english():
    assert preview.language_name("da") == "Danish"
    assert preview.language_name("de") == "German"
