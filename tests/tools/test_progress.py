"""``python -m gdcourse progress``: each lesson of a workspace run in a fresh kernel, its checks counted.

The learner's files are JupyterLab's own saves of a small three-check lesson (fixtures/make_fixtures.py): answered
(squared_error right, my_prediction a wrong 2, mean_squared_error not started) and run without an answer."""
import contextlib
import io
import json
import pathlib
import shutil

import pytest

from gdcourse.tools import progress
from gdcourse.tools.build import ROOT
from gdcourse.tools.workspace import MANIFEST

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
PARTLY = {"lesson": "01_small", "passed": 1, "failed": 1, "not_started": 1, "total": 3, "next": "predict_quadruple"}
UNSTARTED = {"lesson": "02_small", "passed": 0, "failed": 0, "not_started": 3, "total": 3, "next": "squared_error"}
DELETED = {"lesson": "05_small", "passed": 0, "failed": 0, "not_started": 0, "total": 0, "next": None,
           "problem": "deleted; `python -m gdcourse workspace` brings it back"}


def run(*argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = progress.main([str(a) for a in argv])
    return code, out.getvalue()


def saved_with(name, cell_id, source):
    """A JupyterLab save with one cell's source replaced, kept as JupyterLab writes it (a list of lines)."""
    notebook = json.loads((FIXTURES / f"{name}.ipynb").read_text())
    cell = next(c for c in notebook["cells"] if c["id"] == cell_id)
    cell["source"] = source.splitlines(keepends=True)
    return json.dumps(notebook, indent=1) + "\n"


def workspace_folder(folder, lessons, deleted=()):
    """A workspace: the lessons' files, and a record that also lists the ``deleted`` ones."""
    folder.mkdir()
    for name, text in lessons.items():
        (folder / f"{name}.ipynb").write_text(text)
    files = {f"{name}.ipynb": {"copied": "0" * 64, "offered": "0" * 64} for name in [*lessons, *deleted]}
    (folder / MANIFEST).write_text(json.dumps({"format": 1, "files": files}))
    return folder


def snapshot(folder):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.fixture(scope="module")
def troubled(tmp_path_factory):
    """One run of ``progress --json`` on a folder with every kind of trouble: (folder, before, exit code, rows)."""
    answered = (FIXTURES / "answered.ipynb").read_text()
    folder = workspace_folder(tmp_path_factory.mktemp("alice") / "my-work", {
        "01_small": answered,
        "01_small.backup-20250314-092653": answered.replace("my_prediction = 2", "my_prediction = 4"),  # not a lesson
        "03_small": saved_with("answered", "c-import", "import numpy as np\nimport gdcourse_missing"),
        "04_small": saved_with("answered", "c-predict", "my_prediction = 4\nwhile True:\n    pass"),
        "06_small": "{this is not JSON",
    }, deleted=["05_small"])
    before = snapshot(folder)
    code, out = run(folder, "--json", "--timeout", 5)
    return folder, before, code, json.loads(out)["lessons"]


def test_json_rows_for_a_folder_with_trouble(troubled):
    _, _, code, rows = troubled
    assert code == 0
    assert [row["lesson"] for row in rows] == ["01_small", "03_small", "04_small", "05_small", "06_small"]
    assert rows[0] == PARTLY and rows[3] == DELETED


def test_a_lesson_that_raises_at_import_is_one_clear_line(troubled):
    row = troubled[3][1]
    assert row["problem"] == ("could not run: `import numpy as np` raised ModuleNotFoundError: "
                              "No module named 'gdcourse_missing'")
    assert (row["passed"], row["failed"], row["total"]) == (0, 0, 3)  # nothing answered, nothing counted as failed


def test_a_hanging_lesson_is_stopped_at_its_time_limit(troubled):
    row = troubled[3][2]
    assert row["problem"].startswith("did not finish within 5 s")
    assert row["total"] == 3 and row["failed"] == 0


def test_a_file_that_is_not_a_notebook_is_one_line(troubled):
    assert troubled[3][4]["problem"] == "not a notebook that can be read"


def test_progress_never_writes_to_the_learners_folder(troubled):
    folder, before, _, _ = troubled
    assert snapshot(folder) == before


def test_text_table_for_a_partly_solved_folder(tmp_path):
    folder = workspace_folder(tmp_path / "my-work", {
        "01_small": (FIXTURES / "answered.ipynb").read_text(), "02_small": (FIXTURES / "run_saved.ipynb").read_text(),
    }, deleted=["05_small"])
    code, out = run(folder, "--timeout", 60)
    assert code == 0
    assert out == (
        f"Progress in {folder} (each lesson runs in a fresh kernel, for at most 60 s):\n"
        "lesson    passed  failed  not started  next\n"
        "01_small  1 of 3       1            1  predict_quadruple\n"
        "02_small  0 of 3       0            3  squared_error\n"
        "05_small  deleted; `python -m gdcourse workspace` brings it back\n"
        "In all: 1 of 6 checked exercises and predictions pass.\n")


def test_a_real_lesson_and_its_solution(tmp_path):
    folder = tmp_path / "my-work"
    folder.mkdir()
    shutil.copy(ROOT / "lessons" / "01_squared_error.ipynb", folder)
    shutil.copy(ROOT / "solutions" / "01_squared_error.ipynb", folder / "02_solved.ipynb")
    code, out = run(folder, "--json")
    rows = json.loads(out)["lessons"]
    assert rows == [
        {"lesson": "01_squared_error", "passed": 0, "failed": 0, "not_started": 5, "total": 5,
         "next": "predict_quadruple"},
        {"lesson": "02_solved", "passed": 5, "failed": 0, "not_started": 0, "total": 5, "next": None}]


@pytest.mark.parametrize("source, names", [
    ("checks.predict_quadruple(my_prediction)", ["predict_quadruple"]),
    ("if checks.gd_step(gd_step):\n    step = gd_step", ["gd_step"]),
    ("fn = f if checks.f(f) else reference\nchecks.g (g)", ["f", "g"]),
    ("# no checks.here, and mychecks.x(1) is not one", []),
])
def test_which_cells_are_checked(source, names):
    assert progress.CHECK_CALL.findall(source) == names


def test_collect_sums_a_folder_of_json_files(tmp_path):
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    (class_dir / "alice.json").write_text(json.dumps({"lessons": [PARTLY, UNSTARTED, DELETED]}))
    (class_dir / "bob.json").write_text(json.dumps({"lessons": [
        {**PARTLY, "passed": 3, "failed": 0, "not_started": 0, "next": None}, {**UNSTARTED, "next": "squared_error"}]}))
    (class_dir / "carol.json").write_text(json.dumps({"lessons": [PARTLY]}))
    (class_dir / "dave.json").write_text("{not json")
    (class_dir / "notes.txt").write_text("not a .json file: not read")
    code, out = run("--collect", class_dir)
    assert code == 1  # a file was skipped, and said so
    assert out == (
        f"3 learner(s), from {class_dir}\n"
        "lesson    learners  passed  failed  not started  could not run  most often next (learners)\n"
        "01_small         3  5 of 9       2            2              0  predict_quadruple (2)\n"
        "02_small         2  0 of 6       0            6              0  squared_error (2)\n"
        "05_small         1  0 of 0       0            0              1\n"
        "skipped dave.json: not a file of `progress --json` (JSONDecodeError)\n")


@pytest.mark.parametrize("argv, words", [
    (["nowhere"], "No lessons found in nowhere"),
    (["--timeout", "0"], "--timeout must be a number of seconds above 0"),
    (["--collect", "nowhere"], "There is no folder nowhere to collect from."),
])
def test_usage_errors(tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    code, out = run(*argv)
    assert code == 2 and words in out
