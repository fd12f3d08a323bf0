"""Same result every run: re-running a cell is safe, and no output depends on this machine.

The re-run check itself lives in conftest.py: under the README's test command
every nbval cell runs twice in a row in the same kernel, and strict nbval
compares both runs with the stored outputs. Here it is shown to catch what it
should, on small made-up notebooks run through pytest + nbval + that conftest.
"""
import json
import pathlib

import pytest

import nbtools

NOTEBOOKS = nbtools.all_notebooks()
CONFTEST = pathlib.Path(__file__).parents[1].joinpath("conftest.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_no_network_no_outside_files_no_machine_specific_output(path):
    problems = nbtools.portability_problems(nbtools.read(path))
    assert not problems, f"{nbtools.label(path)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_no_more_digits_than_every_machine_agrees_on(path):
    problems = nbtools.full_precision_problems(nbtools.read(path))
    assert not problems, f"{nbtools.label(path)}:\n" + "\n".join(problems)


# ---- the checks themselves, on small made-up notebooks ----------------------

def write_notebook(folder, cells):
    """A minimal executed-looking notebook: cells are (source, stored outputs, tags)."""
    notebook = {"cells": [], "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                         "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
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


def run_nbval(pytester, cells):
    """Strict nbval with our conftest on a made-up notebook: ``{cell number: outcome}`` and the report."""
    pytester.makeconftest(CONFTEST)
    write_notebook(pytester.path, cells)
    report = pytester.runpytest("--nbval", "--nbval-current-env", "-p", "no:cacheprovider",
                                           "-p", "no:xdist", "-rA")
    text = report.stdout.str()
    outcomes = {}
    for line in report.stdout.lines:
        for outcome in ("PASSED", "FAILED"):
            if line.startswith(outcome) and "::Cell " in line:
                outcomes[int(line.split("::Cell ")[1].split()[0])] = outcome
    return outcomes, text


NOTE_FORMATS = ("with open('formats.txt', 'a') as notes:\n"
                "    notes.write(' '.join(sorted(get_ipython().display_formatter.format(fig)[0])) + '\\n')")


def test_second_run_catches_state_that_moves_on_and_accepts_safe_cells(pytester):
    outcomes, text = run_nbval(pytester, [
        ("w = 0.5\nprint(f'w = {w}')", [stdout("w = 0.5\n")], []),          # safe: restarts from 0.5
        ("w = w + 1\nw", [result("1.5")], []),                              # moves on every run
        ("import numpy as np\nnp.random.default_rng(23).normal(size=2).round(3)",
         [result("array([0.553, 0.218])")], []),                          # seeded: safe
        ("import random\nrandom.random()", [result("0.1")], ["nbval-ignore-output"]),  # not compared
        ("data = [1, 2, 3, 4]", [], []),                                  # safe
        ("first = data.pop(0)\ndata.pop(); data.pop()\nfirst", [result("1")], []),   # fine once, not twice
        ("print('a')\nprint('b')", [stdout("a\n"), stdout("b\n")], []),  # stored in two pieces: safe
        # Each run notes which formats a figure gets: a picture on the first run, text only on the second.
        ("%matplotlib inline\nimport matplotlib.pyplot as plt\nfig = plt.figure()\nfig.add_subplot()\nplt.close(fig)", [], []),
        (NOTE_FORMATS, [], []),
        (NOTE_FORMATS, [], []),
    ])
    assert outcomes == {0: "PASSED", 1: "FAILED", 2: "PASSED", 3: "PASSED", 4: "PASSED", 5: "FAILED",
                        6: "PASSED", 7: "PASSED", 8: "PASSED", 9: "PASSED"}, text
    picture, plain = "image/png text/plain", "text/plain"
    assert (pytester.path / "formats.txt").read_text().split("\n")[:-1] == [picture, plain, picture, plain]
    failures = text.split(" FAILURES ")[1].split(" short test summary info ")[0]
    assert failures.count("second run of the cell (a learner re-running it)") == 2  # cells 1 and 5
    assert "2.5" in text          # what the second run of cell 1 gave, against the stored 1.5
    assert "IndexError" in text   # the second run of cell 5 pops from an empty list


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


def test_a_cell_shared_with_english_runs_twice_in_english_only(pytester):
    """Solutions and the Spanish edition rerun only their own cells; a shared cell reruns in the first notebook
    that has it (lessons/, solutions/, lessons/es/, solutions/es/), if that notebook is collected too."""
    pytester.makeconftest(CONFTEST)
    start, moves = ("w = 0", [], []), ("w = w + 1\nw", [result("1")], [])  # `moves` fails when run twice
    spanish_only = ("w = w + 1\nprint('peso', w)", [stdout("peso 2\n")], [])
    for folder, cells in [("lessons", [start, moves]), ("solutions", [start, moves]),
                          ("lessons/es", [("w = 0  # el peso", [], []), moves, spanish_only])]:
        (pytester.path / folder).mkdir(parents=True, exist_ok=True)
        write_notebook(pytester.path / folder, cells)

    def outcomes(*paths):
        report = pytester.runpytest("--nbval", "--nbval-current-env", "-p", "no:cacheprovider", "-p", "no:xdist",
                                    "-rA", *paths)
        return {line.split(" - ")[0].split(" ", 1)[1]: line.split()[0] for line in report.stdout.lines
                if line.startswith(("PASSED", "FAILED")) and "::Cell " in line}

    assert outcomes("lessons", "solutions") == {  # lessons/es/ is collected inside lessons/, as in pyproject.toml
        "lessons/made_up.ipynb::Cell 0": "PASSED", "lessons/made_up.ipynb::Cell 1": "FAILED",
        "solutions/made_up.ipynb::Cell 0": "PASSED", "solutions/made_up.ipynb::Cell 1": "PASSED",
        "lessons/es/made_up.ipynb::Cell 0": "PASSED", "lessons/es/made_up.ipynb::Cell 1": "PASSED",
        "lessons/es/made_up.ipynb::Cell 2": "FAILED"}
    assert outcomes("lessons/es")["lessons/es/made_up.ipynb::Cell 1"] == "FAILED"  # English not collected
