"""``make bench-site``: ``make site`` on a synthetic ledger of 10 versions, against one plain build.

Scenarios, reported side by side (wall-clock seconds, median of the repeats):

- cold:     ``make site`` with an empty cache (10 versions × 2 languages × HTML+PDF);
- warm:     ``make site`` again, nothing new;
- new version: ``make site`` after one more ledger entry (that version and the site pages);
- unit:     a plain single-version build: ``sphinx-build -b html`` and ``-b singlehtml``
            plus WeasyPrint, in both languages, as separate processes;
- notices:  what the machine-readable notices add to a version's build: its
            ``notice.jsonld`` in both languages, derived from its commit as ``make
            site`` does (``tools/sitebuild/notices.py``; ``make html`` runs the same
            generator), timed inside one process after the imports.

Peak memory is the largest total RSS of the process tree, sampled every 50 ms.
Targets: warm ≤ 10 % of cold; new version ≤ 2 × unit; notices < 5 % of unit. Results also go to
``<workdir>/results.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.support.synthetic import add_to_ledger, commit_all, make_history, run_git
from tools.project import REPO_ROOT

BUILD_DATE = "2026-12-15"
DATES = [dt.date(2026, month, 1) for month in range(1, 11)]
NEW_VERSION_DATE = dt.date(2026, 11, 1)


def _tree_rss(root: int) -> int:
    """Total resident memory (bytes) of *root* and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def timed(cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run *cmd*; return (seconds, peak tree RSS in bytes, stderr). Fails loudly on error."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _out, err = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{err}")
    return elapsed, peak, err


def site_cmd(repo: Path, work: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "tools.sitebuild", "--repo", str(repo), "--out", str(work / "site"),
            "--cache", str(work / "cache"), "--build-date", BUILD_DATE, "--jobs", str(jobs)]


def unit_once(repo: Path, out: Path) -> tuple[float, int]:
    """A plain single-version build: four sphinx-build runs and two WeasyPrint runs."""
    if out.exists():
        shutil.rmtree(out)
    total, peak = 0.0, 0
    sphinx_build = str(Path(sys.executable).with_name("sphinx-build"))
    for language in ("da", "en"):
        for builder in ("html", "singlehtml"):
            seconds, rss, _ = timed([sphinx_build, "-q", "-b", builder, "-D", f"language={language}",
                                     "-d", str(out / language / "doctrees"), str(repo), str(out / language / builder)],
                                    cwd=repo)
            total, peak = total + seconds, max(peak, rss)
        script = (
            "import sys, datetime as dt; from pathlib import Path;"
            "from tools.sitebuild import pdf; lang, single = sys.argv[2], Path(sys.argv[3]);"
            "doc = pdf.print_document((single / 'index.html').read_text(), language=lang, company='WEXO A/S',"
            " title='WEXOs privatlivspolitik', effective=dt.date(2026, 1, 1),"
            " created=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc));"
            "pdf.write_pdf(doc, single.parent / 'policy.pdf', language=lang, base_url=single)"
        )
        seconds, rss, _ = timed([sys.executable, "-c", script, str(REPO_ROOT), language,
                                 str(out / language / "singlehtml")], cwd=REPO_ROOT)
        total, peak = total + seconds, max(peak, rss)
    return total, peak


NOTICES_SCRIPT = """
import sys, time
from pathlib import Path
from tools.sitebuild.ledger_repo import read_ledger
from tools.sitebuild.notices import Tree, notice_text, read_data
from notice.generator import Edition  # _ext/ is importable once tools is

repo = Path(sys.argv[1])
entry = read_ledger(repo).entries[-1]
started = time.perf_counter()
data, tree = read_data(repo), Tree(repo, entry.commit)
for language in ("da", "en"):
    edition = Edition(version=entry.name, language=language, source_language="da", valid_from=entry.date,
                      source_notice=None if language == "da" else "../../da/x/notice.jsonld")
    notice_text(data, tree, edition)
print(time.perf_counter() - started)
"""


def notices_once(repo: Path) -> tuple[float, int]:
    """One version's notices in both languages, from its commit, as make site derives them."""
    process = subprocess.run([sys.executable, "-c", NOTICES_SCRIPT, str(repo)], cwd=REPO_ROOT,
                             capture_output=True, check=False, encoding="utf-8")
    if process.returncode:
        raise SystemExit(f"bench: the notices failed:\n{process.stderr}")
    return float(process.stdout.strip()), 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=REPO_ROOT / "_build" / "bench-site")
    parser.add_argument("--repeat", type=int, default=3, help="runs of warm, new version and unit (default 3)")
    parser.add_argument("--jobs", type=int, default=2, help="versions built at once by make site")
    args = parser.parse_args(argv)
    work = args.workdir.resolve()
    if work.exists():
        shutil.rmtree(work)
    repo = work / "repo"
    print(f"bench: synthetic ledger of {len(DATES)} versions in {repo}", file=sys.stderr)
    make_history(repo, DATES)

    results: dict[str, dict[str, float]] = {}

    def record(name: str, runs: list[tuple[float, int]]) -> None:
        results[name] = {
            "median_s": statistics.median(s for s, _ in runs),
            "runs": len(runs),
            "peak_rss_mb": max(r for _, r in runs) / 2**20,
            "all_s": [round(s, 3) for s, _ in runs],  # type: ignore[dict-item]
        }
        print(f"bench: {name:11} {results[name]['median_s']:7.2f} s  ({results[name]['all_s']})", file=sys.stderr)

    seconds, rss, err = timed(site_cmd(repo, work, args.jobs), cwd=REPO_ROOT)
    assert "built 10" in err, err
    record("cold", [(seconds, rss)])

    warm = []
    for _ in range(args.repeat):
        seconds, rss, err = timed(site_cmd(repo, work, args.jobs), cwd=REPO_ROOT)
        assert "built 0" in err, err
        warm.append((seconds, rss))
    record("warm", warm)

    when = dt.datetime.combine(NEW_VERSION_DATE, dt.time(9, 0))
    with (repo / "policy" / "klage.md").open("a", encoding="utf-8") as handle:
        handle.write("\nEn ny sætning i den nye version.\n")
    commit_all(repo, "One more version", when)
    add_to_ledger(repo, NEW_VERSION_DATE, run_git(repo, "rev-parse", "HEAD").strip(), when,
                  summary={"da": "Endnu en version", "en": "One more version"})
    new_version = []
    for _ in range(args.repeat):
        for entry in (work / "cache").glob(f"{NEW_VERSION_DATE.isoformat()}-*"):
            shutil.rmtree(entry)  # the new version is new again; everything else stays cached
        seconds, rss, err = timed(site_cmd(repo, work, args.jobs), cwd=REPO_ROOT)
        assert f"built 1 ({NEW_VERSION_DATE.isoformat()})" in err, err
        new_version.append((seconds, rss))
    record("new version", new_version)

    record("unit", [unit_once(repo, work / "unit") for _ in range(args.repeat)])
    record("notices", [notices_once(repo) for _ in range(args.repeat)])

    cold, warm_s = results["cold"]["median_s"], results["warm"]["median_s"]
    new_s, unit_s = results["new version"]["median_s"], results["unit"]["median_s"]
    summary = {
        "warm_over_cold": warm_s / cold,
        "new_version_over_unit": new_s / unit_s,
        "warm_target_met": warm_s <= 0.10 * cold,
        "new_version_target_met": new_s <= 2 * unit_s,
        "notices_over_unit": results["notices"]["median_s"] / unit_s,
        "notices_target_met": results["notices"]["median_s"] < 0.05 * unit_s,
    }
    (work / "results.json").write_text(json.dumps({"results": results, "summary": summary}, indent=1) + "\n")

    print()
    print(f"make site on {len(DATES)} versions × 2 languages × (HTML + PDF), jobs={args.jobs}, "
          f"{os.cpu_count()} CPUs, medians of {args.repeat} (cold: 1 run)")
    print(f"{'scenario':<12} {'seconds':>8} {'peak RSS':>10}   target")
    print(f"{'cold':<12} {cold:8.2f} {results['cold']['peak_rss_mb']:8.0f} MB")
    print(f"{'warm':<12} {warm_s:8.2f} {results['warm']['peak_rss_mb']:8.0f} MB   "
          f"≤ 10 % of cold: {100 * summary['warm_over_cold']:.1f} % "
          f"{'met' if summary['warm_target_met'] else 'NOT met'}")
    print(f"{'new version':<12} {new_s:8.2f} {results['new version']['peak_rss_mb']:8.0f} MB   "
          f"≤ 2 × unit: {summary['new_version_over_unit']:.2f} × {'met' if summary['new_version_target_met'] else 'NOT met'}")
    print(f"{'unit':<12} {unit_s:8.2f} {results['unit']['peak_rss_mb']:8.0f} MB")
    print(f"{'notices':<12} {results['notices']['median_s']:8.2f} {'':>10}   "
          f"< 5 % of unit: {100 * summary['notices_over_unit']:.1f} % "
          f"{'met' if summary['notices_target_met'] else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
