"""Checks of built pages in the browser and by the Nu Html Checker (Java): axe-core, words that break, HTML validity.

Shared by tests/test_reader_browser.py (``make html``), tests/test_site.py (``make site``'s
own pages) and tests/test_redline_history.py (a real redline). Both come from
package-lock.json (``make browser-deps``); a test that uses them is a ``browser`` test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest

from tools.project import REPO_ROOT

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
NOT_INSTALLED = "{} is missing: run 'make browser-deps' (npm ci)"

# For each word in headings and table cells (or the elements a second argument names) under
# a root: where does it start a new line, and is there a hyphen (a soft hyphen the browser
# shows, or the word's own) before that point? Argument: root, or [root, elements].
BROKEN_WORDS = r"""(arg) => {
  const [root, within] = Array.isArray(arg) ? arg : [arg, 'h1, h2, h3, h4, h5, h6, th, td'];
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest(within) || !node.parentElement.offsetParent) continue;
    const text = node.data;
    for (const match of text.matchAll(/\S+/g)) {
      let previousTop = null;
      for (let i = match.index; i < match.index + match[0].length; i++) {
        if (text[i] === '\u00ad') continue;
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        if (!rects.length) continue;
        const top = rects[rects.length - 1].top;  // after a break, the first rect is the line's hyphen
        if (previousTop !== null && top > previousTop + 2 && !'\u00ad-\u2010/'.includes(text[i - 1])) {
          broken.push((text.slice(match.index, i) + '|' + text.slice(i, match.index + match[0].length)).replaceAll('\u00ad', ''));
        }
        previousTop = top;
      }
    }
  }
  return broken;
}"""


def axe_source() -> str:
    """axe-core's script, to evaluate in a page; the test fails, saying what to run, if it is missing."""
    if not AXE.is_file():
        pytest.fail(NOT_INSTALLED.format(AXE))
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, source: str) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on a Playwright *page*, one readable line each."""
    page.evaluate(source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
    ]


def nu_html_check(pages: Iterable[Path | str]) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    """Run the Nu Html Checker (``--errors-only``) on *pages*: the process and its JSON messages."""
    if not VNU.is_file():
        pytest.fail(NOT_INSTALLED.format(VNU))
    java = shutil.which("java")
    assert java, "java is missing: run 'make browser-deps'"
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                         capture_output=True, check=False, encoding="utf-8")
    return run, json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
