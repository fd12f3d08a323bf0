"""How long each notebook takes, and how long one slider step costs in the kernel.

    python benchmarks/notebook_times.py            # every notebook in solutions/ and lessons/
    python benchmarks/notebook_times.py 04 05      # only those whose name starts with 04 or 05

Each notebook runs top to bottom in a fresh kernel through nbclient, the way
the build and nbval run it. Two times are kept apart: starting the kernel (the
same for every notebook, about a second) and executing the cells, which is
what the course's budget of 2 s a notebook is about.

For the sliders, the same kernel then finds every ``frame_slider`` widget
(they keep ``.frames``) and moves each control in Python, as a browser's
move would: a *cached* step finds a picture drawn before, an *uncached* step
(the picture cache emptied first) draws and encodes a new one. Last, it
times drawing every picture of the slider, which is what the kernel does in
its idle moments once a browser shows the slider.
"""
import json
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 2.0

# Runs in the lesson's kernel after its last cell; prints one JSON line.
PROBE = r'''
import json as _json, statistics as _statistics, time as _time
from ipywidgets.widgets.widget import _instances as _widgets


def _step_ms(box, index):
    start = _time.perf_counter()
    box.index = index              # what a move in the browser does: the picture is drawn if it is new
    return 1000 * (_time.perf_counter() - start)


def _probe(cached_moves=20, uncached_moves=4):
    report = []
    boxes = [w for w in list(_widgets.values()) if hasattr(w, "frames") and hasattr(w, "every_index")]
    for number, box in enumerate(boxes):
        home = list(box.index)
        for c, control in enumerate(box.controls):
            if len(control["labels"]) < 2:
                continue
            other = list(home)
            other[c] = home[c] + 1 if home[c] + 1 < len(control["labels"]) else home[c] - 1
            walk = [other, home] * (cached_moves // 2)
            for index in walk[:2]:          # make sure both pictures are drawn
                box.index = index
            cached = [_step_ms(box, index) for index in walk]
            uncached = []
            for index in walk[:uncached_moves]:
                box.frames.clear()
                uncached.append(_step_ms(box, index))
            box.index = home
            report.append({"widget": number, "control": control["description"],
                           "cached_ms": _statistics.median(cached), "uncached_ms": _statistics.median(uncached),
                           "moves": len(cached)})
        box.frames.clear()
        start = _time.perf_counter()
        for index in box.every_index():     # what the kernel draws ahead once a browser shows the slider
            box.frame(index)
        report.append({"widget": number, "control": "every picture", "pictures": len(box.frames),
                       "all_s": _time.perf_counter() - start})
    return report


print(_json.dumps(_probe()))
'''


def notebooks(prefixes=()):
    paths = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")) + sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
    if prefixes:
        paths = [p for p in paths if any(p.name.startswith(prefix) for prefix in prefixes)]
    return paths


def has_slider(notebook):
    return any(cell.cell_type == "code" and "_slider(" in cell.source for cell in notebook.cells)


def run_notebook(path, probe_sliders=True):
    """Execute one notebook in a fresh kernel; return its timings (seconds) and slider steps."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    with client.setup_kernel(stderr=subprocess.DEVNULL):  # hush the kernel's "TCP without encryption"
        ready = time.perf_counter()
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        done = time.perf_counter()
        steps = []
        if probe_sliders and has_slider(notebook):
            probe = nbformat.v4.new_code_cell(PROBE)
            notebook.cells.append(probe)
            client.execute_cell(probe, len(notebook.cells) - 1)
            text = "".join(o.get("text", "") for o in probe.outputs if o.get("name") == "stdout")
            steps = json.loads(text.strip().splitlines()[-1])
    return {"notebook": f"{path.parent.name}/{path.name}", "kernel_start_s": ready - started,
            "execute_s": done - ready, "slider_steps": steps}


def main(argv=None):
    prefixes = (argv if argv is not None else sys.argv[1:])
    print(f"| {'notebook':<48} | kernel start | execute | budget {BUDGET_SECONDS:g} s |")
    print(f"|{'-' * 50}|-------------:|--------:|:----------:|")
    for path in notebooks(prefixes):
        result = run_notebook(path, probe_sliders=False)
        ok = "ok" if result["execute_s"] <= BUDGET_SECONDS else "OVER"
        print(f"| {result['notebook']:<48} | {result['kernel_start_s']:>10.2f} s | "
              f"{result['execute_s']:>5.2f} s | {ok:^10} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
