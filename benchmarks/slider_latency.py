"""Slider latency in a real browser and a plain `jupyter lab`: from a key press to the new picture on screen.

    python benchmarks/slider_latency.py                   # every slider of every lesson
    python benchmarks/slider_latency.py 04 06
    python benchmarks/slider_latency.py --baseline 157ed69  # also the design at that git revision, same run

JupyterLab starts as `jupyter lab` does, with no gdcourse server setting, on a temporary copy of lessons/
plus one notebook per lesson holding its import cell and its slider cells; headless system Chromium is
driven through Playwright. For each slider:

- ready: seconds from the slider appearing until the kernel has sent every picture to the browser;
- eager: moves made at once, before that, by a learner who does not wait (a picture not drawn yet waits
  for the kernel), along the first control;
- then, on the same slider cell shown a second time (its pictures never shown yet), each control in turn
  is swept from where it is to its end, back to its start and back again: "first" samples show a picture
  for the first time, "cached" ones show it again.

A sample runs from the keydown (capture phase) to the first animation frame after the slider shows the new
picture. --baseline REV checks REV out in a temporary git worktree and runs that revision's own
benchmark in a plain `jupyter lab` in the same run, for the design before pictures lived in the browser.
"""
import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import browser_support as bs  # noqa: E402

TARGET = {"median": 16.0, "p90": 50.0}
EAGER_MOVES = 8


def percentile(samples, q):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(samples):
    if not samples:
        return "no samples"
    return (f"median {statistics.median(samples):5.1f} ms, p90 {percentile(samples, 0.9):5.1f} ms, "
            f"max {max(samples):6.1f} ({len(samples)} moves)")


def measure(prefixes=()):
    """[{"lesson", "slider", "ready_s", "eager", "controls": {name: {"first": [ms], "cached": [ms]}}}]."""
    from playwright.sync_api import sync_playwright

    lessons = sorted(p.name for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb") if bs.has_slider(p))
    lessons = [name for name in lessons if not prefixes or name.startswith(tuple(prefixes))]
    results = []
    with tempfile.TemporaryDirectory(prefix="gdcourse-latency-") as tmp:
        served, home = pathlib.Path(tmp, "served"), pathlib.Path(tmp, "home")
        shutil.copytree(ROOT / "lessons", served, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        home.mkdir()
        notebooks = {}
        for name in lessons:  # its import cell, then its slider cells twice: for early moves, then for sweeps
            imports, cells = bs.slider_cells(served / name)
            notebooks[name] = served / f"zz_sliders_{name}"
            notebooks[name].write_text(bs._notebook([("code", imports)] + [("code", c) for c in cells + cells]))
        with bs.JupyterLab(served, home, nodelay=False) as lab, sync_playwright() as playwright:
            context = bs.launch_browser(playwright, home / "chromium")
            try:
                page = context.pages[0] if context.pages else context.new_page()
                bs.open_lab(page, lab)
                for name, notebook in notebooks.items():
                    bs.open_notebook(page, notebook.name)
                    bs.run_all_cells(page)
                    widgets = bs.frame_widgets(page)
                    half = len(widgets) // 2
                    for number in range(half):
                        results.append({"lesson": name, "slider": number + 1,
                                        **measure_slider(page, widgets[number], widgets[half + number])})
                    bs.close_notebook(page, lab, notebook.name)
            finally:
                context.close()
    return results


def measure_slider(page, early, widget):
    """``early`` is moved at once; ``widget``, the same slider shown again, is swept once all is drawn."""
    early.scroll_into_view_if_needed()
    appeared = time.perf_counter()
    bs.start_latency_probe(early)
    first = early.locator("label input").first
    eager = bs.press_and_time(page, first, bs.sweep_keys(first)[:EAGER_MOVES])
    bs.wait_until_drawn(early)
    ready = time.perf_counter() - appeared
    widget.scroll_into_view_if_needed()
    bs.wait_until_drawn(widget)
    bs.start_latency_probe(widget)
    rows = widget.locator("label")
    names = [(rows.nth(i).locator("span").text_content() or "").strip() for i in range(rows.count())]
    controls = {}
    for i, name in enumerate(names):
        handle = rows.nth(i).locator("input")
        samples = bs.press_and_time(page, handle, bs.sweep_keys(handle))
        controls[name] = {kind: [s["ms"] for s in samples if s["first"] == (kind == "first")]
                          for kind in ("first", "cached")}
    return {"ready_s": ready, "eager": [s["ms"] for s in eager], "controls": controls}


def baseline(revision, prefixes):
    """Run ``revision``'s own benchmark (a plain `jupyter lab`) from a temporary worktree; its printed lines."""
    with tempfile.TemporaryDirectory(prefix="gdcourse-baseline-") as tmp:
        tree = pathlib.Path(tmp, "tree")
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), revision], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            run = subprocess.run([sys.executable, "benchmarks/slider_latency.py", "--plain", *prefixes],
                                 cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True,
                                 text=True)
            return [line for line in run.stdout.splitlines() if line.strip()] or [run.stderr[-2000:]]
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="lesson number prefixes, e.g. 04 (default: every slider lesson)")
    parser.add_argument("--baseline", metavar="REV", help="also run the benchmark of git revision REV")
    parser.add_argument("--json", metavar="FILE", help="also write every sample to FILE")
    args = parser.parse_args(argv)
    results = measure(args.only)
    worst = {"median": 0.0, "p90": 0.0}
    for r in results:
        print(f"{r['lesson']} slider {r['slider']}: every picture in the browser after {r['ready_s']:.1f} s; "
              f"eager moves before that: {summary(r['eager'])}", flush=True)
        for name, kinds in r["controls"].items():
            for kind, samples in kinds.items():
                print(f"    {name:14s} {kind:6s}: {summary(samples)}")
                if samples:
                    worst = {"median": max(worst["median"], statistics.median(samples)),
                             "p90": max(worst["p90"], percentile(samples, 0.9))}
    verdict = all(worst[k] <= TARGET[k] for k in TARGET)
    print(f"worst slider after ready: median {worst['median']:.1f} ms, p90 {worst['p90']:.1f} ms "
          f"(target: median <= {TARGET['median']:g}, p90 <= {TARGET['p90']:g}): {'met' if verdict else 'NOT met'}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=1))
    if args.baseline:
        print(f"\nbaseline {args.baseline} (a plain `jupyter lab`, pictures sent by the kernel on each move):")
        for line in baseline(args.baseline, args.only):
            print("    " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
