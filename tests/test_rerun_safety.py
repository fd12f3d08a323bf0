"""Same result every run: re-running a cell is safe, and no output depends on this machine.

``pytest --nbval`` already does "Restart & Run All": each notebook runs top to
bottom in a fresh kernel and every output is compared with the stored one.
A learner also re-runs cells: they run a cell, look, run it again. So here
each notebook runs in one fresh kernel with every code cell executed TWICE in
a row, and the second run must (1) raise no error and (2) give outputs strict
nbval would accept (text/plain, text/html, streams ...; not images, widget
views, metadata or execution counts; cells tagged ``nbval-ignore-output``
are run but not compared). A cell like ``w = w - alpha * slope`` that moves
on every run fails here; it should restart from a fixed value.

One test per notebook, so pytest-xdist can spread them over the cores.
"""
import json

import pytest

import nbtools

NOTEBOOKS = nbtools.all_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_every_cell_can_run_twice(path):
    problems = nbtools.rerun_problems(path)
    assert not problems, f"{nbtools.label(path)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_no_network_no_outside_files_no_machine_specific_output(path):
    problems = nbtools.portability_problems(nbtools.read(path))
    assert not problems, f"{nbtools.label(path)}:\n" + "\n".join(problems)


# ---- the checks themselves, on small made-up notebooks ----------------------

def write_notebook(folder, cells):
    """A minimal executed-looking notebook: cells are (source, stored outputs, tags)."""
    notebook = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    for n, (code, outputs, cell_tags) in enumerate(cells):
        notebook["cells"].append({
            "cell_type": "code", "id": f"c{n}", "execution_count": n + 1, "source": code,
            "metadata": {"tags": cell_tags} if cell_tags else {}, "outputs": outputs})
    path = folder / "made_up.ipynb"
    path.write_text(json.dumps(notebook))
    return path


def stdout(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def result(plain, html=None):
    data = {"text/plain": plain}
    if html is not None:
        data["text/html"] = html
    return {"output_type": "execute_result", "execution_count": 1, "data": data, "metadata": {}}


def test_rerun_catches_state_that_moves_on_and_accepts_safe_cells(tmp_path):
    path = write_notebook(tmp_path, [
        ("w = 0.5\nprint(f'w = {w}')", [stdout("w = 0.5\n")], []),          # safe: restarts from 0.5
        ("w = w + 1\nw", [result("1.5")], []),                              # moves on every run
        ("import numpy as np\nnp.random.default_rng(23).normal(size=2).round(3)",
         [result("array([0.553, 0.218])")], []),                          # seeded: safe
        ("import random\nrandom.random()", [result("0.1")], ["nbval-ignore-output"]),  # not compared
        ("from IPython.display import HTML\nHTML('<b>hi</b>')",
         [{"output_type": "display_data", "data": {"text/plain": "<IPython.core.display.HTML object>",
                                                    "text/html": "<b>hi</b>"}, "metadata": {}}], []),
    ])
    problems = nbtools.rerun_problems(path)
    assert len(problems) == 1
    assert problems[0].startswith("cell 1, second run: text/plain differs")
    assert "1.5" in problems[0] and "2.5" in problems[0]


def test_rerun_catches_errors_on_the_second_run_only(tmp_path):
    path = write_notebook(tmp_path, [
        ("data = [1, 2, 3, 4, 5, 6]", [], []),
        ("first = data.pop(0)\nfirst", [result("1")], []),
        ("data.pop(); data.pop(); data.pop()", [], []),   # the second run pops from an empty list
    ])
    problems = nbtools.rerun_problems(path)
    assert problems[0] == "cell 1, second run: text/plain differs:\n--- stored\n1\n--- now\n2"
    assert problems[-1] == "cell 2, second run: IndexError: pop from empty list"


def test_comparison_follows_nbval_rules():
    png = {"output_type": "display_data", "data": {"image/png": "AAAA", "text/plain": "<Figure>"},
           "metadata": {"needs_background": "light"}}
    other_png = {**png, "data": {"image/png": "BBBB", "text/plain": "<Figure>"}, "metadata": {}}
    assert nbtools.output_difference([png], [other_png]) is None                  # images not compared
    split = [stdout("a\n"), stdout("b\n")]
    assert nbtools.output_difference([stdout("a\nb\n")], split) is None           # streams coalesced
    assert nbtools.output_difference([stdout("x\r50%\r100%\n")], [stdout("100%\n")]) is None
    assert nbtools.output_difference([result("1", "<b>1</b>")], [result("1", "<b>2</b>")])
    assert nbtools.output_difference([result("1")], [result("1", "<b>1</b>")])    # a new kind of output
    assert nbtools.output_difference([stdout("a\n")], [{**stdout("a\n"), "name": "stderr"}])
    assert nbtools.output_difference([result("1")], [{**result("1"), "execution_count": 7}]) is None
    widget = {"output_type": "display_data", "metadata": {},
              "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "f00"}}}
    assert nbtools.output_difference([], [widget]) is None


@pytest.mark.parametrize("code, output, caught", [
    ("import urllib.request\nurllib.request.urlopen('x')", None, "network access"),
    ("data = open('/etc/passwd').read()", None, "open() of an absolute path"),
    ("np.save('/tmp/w.npy', w)", None, "a /tmp path"),
    ("pathlib.Path('~/data.csv').expanduser()", None, "a home-folder path"),
    ("# from https://example.org/article", None, "a web address"),
    ("print(model)", "<Model object at 0x7f3a2c1d9e80>", "a memory address"),
    ("print(path)", "/work/main/lessons/01.ipynb", "an absolute path"),
    ("%time fit()", "Wall time: 1.2 s", "a timing"),
    ("for _ in tqdm(range(9)): pass", "100%|##| 9/9 [00:00<00:00, 1234.5it/s]", "a timing"),
])
def test_portability_scan_catches(code, output, caught):
    cell = {"cell_type": "code", "source": code, "metadata": {}, "execution_count": 1,
            "outputs": [stdout(output)] if output else []}
    problems = nbtools.portability_problems({"cells": [cell]})
    assert any(caught in p for p in problems), problems


def test_portability_scan_accepts_ordinary_code():
    cell = {"cell_type": "code", "execution_count": 1, "metadata": {},
            "source": "mask = ~np.isfinite(x)\nw = w - alpha * slope  # 0x10 steps\nprint(f'{w:.4f}')",
            "outputs": [stdout("0.5000\n"), result("array([1., 2.])", "<b>a 0x12 id</b>")]}
    assert nbtools.portability_problems({"cells": [cell]}) == []
