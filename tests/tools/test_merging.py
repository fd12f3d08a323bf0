"""gdcourse.tools.merging: what counts as the learner's writing, and nbdime's merge that keeps it."""
import json
import pathlib
import sys

import nbdime.merging
import pytest

from gdcourse.tools import merging

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


def fixture(name):
    return (FIXTURES / f"{name}.ipynb").read_bytes()


def notebook(name):
    return merging.read(fixture(name))


def edited(name, **sources):
    """The fixture with some cells' sources replaced (by id), as the build writes a notebook."""
    data = json.loads(fixture(name))
    for cell in data["cells"]:
        cell["source"] = sources.get(cell["id"].replace("-", "_"), cell["source"])
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()


def test_jupyterlab_saves_without_edits_hold_the_same_text():
    # JupyterLab wrote lists of lines, outputs, execution counts: none of that is what the learner wrote.
    assert fixture("opened_saved") != fixture("course")
    assert b'"source": [' in fixture("opened_saved") and b'"source": [' not in fixture("course")
    for name in ("opened_saved", "run_saved"):
        assert merging.same_text(fixture(name), fixture("course"))
    assert not merging.same_text(fixture("answered"), fixture("course"))


def test_written_is_each_cells_type_and_source_by_id():
    cells = merging.written(notebook("answered"))
    assert cells["c-predict"] == ("code", "my_prediction = 2")
    assert cells["m-recap"] == ("markdown", "## Recap\n\nErrors are squared, then averaged.")
    assert list(cells)[:2] == ["m-title", "c-import"]


@pytest.mark.parametrize("data", [b"", b"{not json", b"[1, 2]", b"\xff\xfe", b'{"cells": 3}'])
def test_what_is_not_a_notebook_reads_as_none(data):
    assert merging.read(data) is None
    assert not merging.same_text(data, data)


def test_moving_a_cell_is_a_change():
    data = json.loads(fixture("course"))
    data["cells"][2], data["cells"][3] = data["cells"][3], data["cells"][2]
    assert not merging.same_text(json.dumps(data).encode(), fixture("course"))


def test_merge_keeps_the_answers_and_brings_in_the_course_fixes():
    course = merging.read(edited("course", m_predict="How many times larger? (fixed wording)"))
    merged, both = merging.merge(notebook("course"), notebook("answered"), course)
    cells = merging.written(merged)
    assert both == []
    assert cells["c-squared"] == merging.written(notebook("answered"))["c-squared"]
    assert cells["c-predict"] == ("code", "my_prediction = 2")
    assert cells["m-predict"] == ("markdown", "How many times larger? (fixed wording)")


def test_a_cell_both_changed_keeps_the_learners_source_whole():
    stub = merging.written(notebook("course"))["c-squared"][1]
    course = merging.read(edited("course", c_squared=stub + "\n# the course's new comment"))
    merged, both = merging.merge(notebook("course"), notebook("answered"), course)
    assert both == ["c-squared"]
    # nbdime alone would merge the two sources line by line; the learner's cell wins whole.
    assert merging.written(merged)["c-squared"] == merging.written(notebook("answered"))["c-squared"]


def test_merge_refuses_a_result_that_loses_the_learners_cell(monkeypatch):
    def losing(base, local, remote, args):
        merged = merging.read(fixture("course"))  # as if the learner's answers had vanished
        return merged, []
    monkeypatch.setattr(nbdime.merging, "merge_notebooks", losing)
    assert merging.merge(notebook("course"), notebook("answered"), notebook("course")) is None


def test_merge_refuses_when_nbdime_fails(monkeypatch):
    def failing(*args):
        raise AssertionError("nbdime: unexpected conflict")
    monkeypatch.setattr(nbdime.merging, "merge_notebooks", failing)
    assert merging.merge(notebook("course"), notebook("answered"), notebook("course")) is None


def test_for_this_python_writes_the_version_the_kernel_will_write():
    data = json.loads(fixture("course"))
    data["metadata"]["language_info"]["version"] = "3.0.1"
    written = merging.for_this_python((json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())
    assert json.loads(written)["metadata"]["language_info"]["version"] == sys.version.split()[0]
    data["metadata"]["language_info"]["version"] = sys.version.split()[0]
    assert written == (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()  # nothing else changed
    assert merging.for_this_python(written) is written
    for other in (b"{not json", b'{"metadata": {}}', b'{"metadata": {"language_info": {"name": "R"}}}'):
        assert merging.for_this_python(other) is other
