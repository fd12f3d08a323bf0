"""Slider latency in a real browser: from a key press to the new picture on screen.

    python benchmarks/slider_latency.py            # every lesson with a slider
    python benchmarks/slider_latency.py 04 --moves 40

Starts JupyterLab on 127.0.0.1 (serving a temporary copy of lessons/) and the
system Chromium through Playwright, opens each lesson with a slider, runs all
cells, focuses the slider's handle and presses ArrowRight/ArrowLeft. In the
page, a capture-phase keydown listener records t0 with ``performance.now()``;
a MutationObserver on the picture sees its ``src`` change, waits for the new
image to load and records t1 in the next ``requestAnimationFrame``, the first
frame that can show it. The median of t1 - t0 over the moves is the latency.

--plain repeats the measurement in a plain `jupyter lab` (Nagle on), without gdcourse's setting on the kernel
websockets (jupyter_server leaves Nagle's algorithm on; see README.md), and
--stack adds a reference design that needs no kernel round trip at all.
"""
import argparse
import pathlib
import shutil
import statistics
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import browser_support as bs  # noqa: E402

TARGET_MS = 50.0


def slider_lessons(prefixes=()):
    paths = sorted(p for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb") if bs.has_slider(p))
    if prefixes:
        paths = [p for p in paths if any(p.name.startswith(prefix) for prefix in prefixes)]
    return paths


def percentile(samples, q):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(paths, moves=24, nodelay=True, stack_reference=False):
    """Latency samples (ms) per slider: [{"lesson", "slider", "samples"}], one JupyterLab for all.

    ``nodelay=True`` (the default) starts the server as ``python -m gdcourse lab``
    does, with Nagle's algorithm off on kernel websockets (gdcourse.tools.server);
    ``nodelay=False`` is a plain ``jupyter lab``, for comparison.
    ``stack_reference=True`` also measures the other design, pictures in a
    Stack linked to the slider in the browser (browser_support.write_stack_notebook).
    """
    from playwright.sync_api import sync_playwright

    if bs.find_chromium() is None:
        raise RuntimeError("no Chromium found (chromium on PATH or /usr/bin/chromium)")
    results = []
    with tempfile.TemporaryDirectory(prefix="gdcourse-latency-") as tmp:
        served, home = pathlib.Path(tmp, "served"), pathlib.Path(tmp, "home")
        shutil.copytree(ROOT / "lessons", served, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        home.mkdir()
        stack = bs.write_stack_notebook(served) if stack_reference else None
        with bs.JupyterLab(served, home, nodelay=nodelay) as lab, sync_playwright() as playwright:
            context = bs.launch_browser(playwright, home / "chromium")
            try:
                page = context.pages[0] if context.pages else context.new_page()
                bs.open_lab(page, lab)
                for path in paths:
                    bs.open_notebook(page, path.name)
                    bs.run_all_cells(page)
                    page.locator(f'{bs.NOTEBOOK} img.widget-image[src^="blob:"]').first.wait_for(timeout=30_000)
                    widget = bs.frame_widgets(page)[0]
                    widget.scroll_into_view_if_needed()
                    label, handle = bs.primary_slider(widget)
                    samples = bs.measure_latency(page, widget, handle, moves=moves)
                    results.append({"lesson": path.name, "slider": label, "samples": samples})
                    bs.close_notebook(page, lab, path.name)
                if stack is not None:
                    bs.open_notebook(page, stack.name)
                    bs.run_all_cells(page)
                    page.wait_for_timeout(500)
                    samples = bs.measure_stack_latency(page, moves=moves)
                    results.append({"lesson": stack.name, "slider": "slope (Stack + jslink)",
                                    "samples": samples})
                    bs.close_notebook(page, lab, stack.name)
            finally:
                context.close()
    return results


def summary(samples):
    return (f"median {statistics.median(samples):.1f} ms, p90 {percentile(samples, 0.9):.1f} ms, "
            f"min {min(samples):.1f}, max {max(samples):.1f} ({len(samples)} moves)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="lesson number prefixes, e.g. 04 (default: every slider lesson)")
    parser.add_argument("--moves", type=int, default=24, help="key presses per slider (default 24)")
    parser.add_argument("--plain", action="store_true",
                        help="compare: a plain `jupyter lab` (Nagle's algorithm on), not `python -m gdcourse lab`")
    parser.add_argument("--stack", action="store_true",
                        help="also measure the reference design: a Stack of pictures jslinked to the slider")
    args = parser.parse_args(argv)
    for result in measure(slider_lessons(args.only), moves=args.moves, nodelay=not args.plain,
                          stack_reference=args.stack):
        print(f"{result['lesson']} [{result['slider']}]: {summary(result['samples'])}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
