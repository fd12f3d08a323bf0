"""``python -m gdcourse workspace`` on lessons JupyterLab saved: only what the learner typed counts as theirs.

The learner's files are fixtures that JupyterLab itself wrote (fixtures/make_fixtures.py): a small lesson copied
by the workspace, then opened and saved, run and saved, or answered, run and saved in a browser."""
import datetime
import json
import pathlib
import shutil
import sys

import pytest

from gdcourse.tools import build, merging
from gdcourse.tools.workspace import MANIFEST, main

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
NOW = datetime.datetime(2025, 3, 14, 9, 26, 53)
STAMP = "20250314-092653"
LESSON = "01_small.ipynb"


def fixture(name):
    return (FIXTURES / f"{name}.ipynb").read_bytes()


def course_version(**sources):
    """The fixture course lesson with some cells' sources replaced (by id, - as _), written as the build writes."""
    data = json.loads(fixture("course"))
    for cell in data["cells"]:
        cell["source"] = sources.pop(cell["id"].replace("-", "_"), cell["source"])
    assert not sources, f"no such cells: {sources}"
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()


def with_new_cell(data, after, cell):
    notebook = json.loads(data)
    index = [c["id"] for c in notebook["cells"]].index(after)
    notebook["cells"].insert(index + 1, cell)
    return (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode()


def cells(path):
    return merging.written(merging.read(path.read_bytes()))


@pytest.fixture
def work(tmp_path):
    """A course with the small lesson, copied into my-work; ``work.saved(name)`` puts a JupyterLab save there."""
    source, folder = tmp_path / "lessons", tmp_path / "my-work"
    source.mkdir()
    (source / LESSON).write_bytes(fixture("course"))
    assert main([str(folder), "--source", str(source)], now=NOW) == 0

    class Work:
        lesson = folder / LESSON

        def saved(self, name):
            self.lesson.write_bytes(fixture(name))

        def publish(self, data, name=LESSON):
            (source / name).write_bytes(data)

        def run(self, capsys, now=NOW):
            capsys.readouterr()
            code = main([str(folder), "--source", str(source)], now=now)
            return code, capsys.readouterr().out

        def files(self):
            return sorted(p.name for p in folder.iterdir())
    Work.folder, Work.source = folder, source
    return Work()


FIX = "How many times the squared error of a miss of 1 is that of a miss of 2? (Reworded by the course.)"


@pytest.mark.parametrize("save", ["opened_saved", "run_saved"])
def test_a_lesson_opened_run_and_saved_without_edits_is_updated(work, capsys, save):
    work.saved(save)
    new = course_version(m_predict=FIX)
    work.publish(new)
    code, out = work.run(capsys)
    assert code == 0
    assert work.lesson.read_bytes() == merging.for_this_python(new)
    assert f"  updated    {LESSON}: you had not changed it\n" in out and "Done: 1 updated.\n" in out
    assert work.files() == [".gdcourse", MANIFEST, LESSON]  # no backup, nothing beside it


def test_opened_and_saved_but_no_course_change_is_up_to_date_and_untouched(work, capsys):
    work.saved("run_saved")
    code, out = work.run(capsys)
    assert (code, work.lesson.read_bytes()) == (0, fixture("run_saved"))  # the learner's outputs stay
    assert f"  up to date {LESSON}\n" in out


def test_the_copy_holds_what_the_kernel_writes_on_opening(work):
    info = json.loads(work.lesson.read_bytes())["metadata"]["language_info"]
    assert info == {**build.LANGUAGE_INFO, "version": sys.version.split()[0]}
    assert merging.same_text(work.lesson.read_bytes(), fixture("course"))


def test_an_answered_lesson_gets_a_course_fix_in_another_cell_and_keeps_the_answer(work, capsys):
    work.saved("answered")
    new = with_new_cell(course_version(m_predict=FIX), "c-check-mse",
                        {"cell_type": "markdown", "id": "m-new", "metadata": {}, "source": "A new course cell."})
    work.publish(new)
    code, out = work.run(capsys)
    assert code == 0
    mine, answered = cells(work.lesson), merging.written(merging.read(fixture("answered")))
    assert mine["c-squared"] == answered["c-squared"] and mine["c-predict"] == ("code", "my_prediction = 2")
    assert mine["m-predict"] == ("markdown", FIX) and mine["m-new"] == ("markdown", "A new course cell.")
    assert list(mine) == list(merging.written(merging.read(new)))  # the course's order, with the new cell
    backup = work.folder / f"01_small.backup-{STAMP}.ipynb"
    assert backup.read_bytes() == fixture("answered")  # the learner's file as it was, byte for byte
    assert (f"  merged     {LESSON}: your answers kept, the course's changes brought in; your copy from before "
            f"is saved as {backup.name}\n") in out
    assert "Done: 1 merged with your answers kept.\n" in out and f"saved beside them: {LESSON}\n" in out
    assert not [n for n in work.files() if ".new-" in n]
    # Running again: the course has nothing newer, the merged lesson is left exactly as it is.
    merged = work.lesson.read_bytes()
    code, out = work.run(capsys, now=NOW + datetime.timedelta(hours=1))
    assert work.lesson.read_bytes() == merged and f"  kept       your changes to {LESSON}\n" in out


def test_a_cell_changed_by_both_keeps_the_learners_and_needs_a_look(work, capsys):
    work.saved("answered")
    stub = cells(work.source / LESSON)["c-squared"][1]
    new = course_version(m_predict=FIX, c_squared=stub.replace("# YOUR CODE HERE", "# YOUR CODE HERE (one line)"))
    work.publish(new)
    code, out = work.run(capsys)
    assert code == 0
    mine, answered = cells(work.lesson), merging.written(merging.read(fixture("answered")))
    assert mine["c-squared"] == answered["c-squared"]  # the learner's cell, whole
    assert mine["m-predict"] == ("markdown", FIX)      # the course's fix elsewhere came in
    beside = work.folder / f"01_small.new-{STAMP}.ipynb"
    assert beside.read_bytes() == new
    assert (work.folder / f"01_small.backup-{STAMP}.ipynb").read_bytes() == fixture("answered")
    assert (f"  merged     {LESSON}: the course's changes brought in, but you both changed "
            f"`def squared_error(prediction, true_value):`: yours is kept and the course's version is saved as "
            f"{beside.name}") in out
    assert "Done: 1 needing a look.\n" in out and f"Needs a look: {LESSON}." in out and "--reset NUMBER" in out


def test_when_nothing_of_the_course_can_come_in_the_file_is_not_touched(work, capsys):
    work.saved("answered")
    new = course_version(c_predict="my_prediction = None  # YOUR ANSWER HERE (a number)")
    work.publish(new)
    code, out = work.run(capsys)
    assert work.lesson.read_bytes() == fixture("answered")
    assert (work.folder / f"01_small.new-{STAMP}.ipynb").read_bytes() == new
    assert not [n for n in work.files() if ".backup-" in n]  # nothing was merged, so nothing to back up
    assert f"  kept       your changes to {LESSON}; the course's new version is saved as" in out


def test_a_merge_that_would_lose_an_answer_keeps_the_file_whole(work, capsys, monkeypatch):
    monkeypatch.setattr(merging, "merge", lambda base, mine, course: None)  # the safety net said no
    work.saved("answered")
    work.publish(course_version(m_predict=FIX))
    code, out = work.run(capsys)
    assert work.lesson.read_bytes() == fixture("answered")
    assert f"01_small.new-{STAMP}.ipynb" in out and "Needs a look" in out


def test_a_lesson_that_left_the_course_is_reported_and_kept(work, capsys):
    work.publish(fixture("course"), "07_beyond_sgd.ipynb")
    work.run(capsys)
    (work.folder / "07_beyond_sgd.ipynb").write_bytes(fixture("answered"))  # the learner's answers in it
    (work.source / "07_beyond_sgd.ipynb").rename(work.source / "08_beyond_sgd.ipynb")  # the course renumbers
    code, out = work.run(capsys)
    assert code == 0
    assert (work.folder / "07_beyond_sgd.ipynb").read_bytes() == fixture("answered")
    assert (work.folder / "08_beyond_sgd.ipynb").exists()
    assert ("  left       07_beyond_sgd.ipynb: no longer a lesson of the course (it is now 08_beyond_sgd.ipynb); "
            "your copy stays here, untouched\n") in out
    assert "1 no longer in the course" in out
    (work.folder / "07_beyond_sgd.ipynb").unlink()  # once the learner deletes it, it is no longer mentioned
    assert "07_beyond_sgd" not in work.run(capsys)[1]


def test_without_the_kept_base_the_lesson_stays_whole_and_later_fixes_merge(work, capsys):
    # As after an older gdcourse, which kept only fingerprints: nothing shows which version the learner started from.
    shutil.rmtree(work.folder / ".gdcourse")
    work.saved("answered")
    offered = course_version(m_predict=FIX)
    work.publish(offered)
    out = work.run(capsys)[1]
    assert work.lesson.read_bytes() == fixture("answered")
    assert (work.folder / f"01_small.new-{STAMP}.ipynb").read_bytes() == offered
    assert f"  kept       your changes to {LESSON}; the course's new version is saved as" in out
    # The version offered is the base from now on, so the course's next fix is merged in.
    work.publish(course_version(m_predict=FIX, m_recap="## Recap\n\nSquared, then averaged."))
    out = work.run(capsys, now=NOW + datetime.timedelta(hours=1))[1]
    assert f"  merged     {LESSON}: your answers kept" in out
    assert cells(work.lesson)["c-predict"] == ("code", "my_prediction = 2")
    assert cells(work.lesson)["m-recap"] == ("markdown", "## Recap\n\nSquared, then averaged.")


def test_a_learners_file_that_is_no_longer_a_notebook_is_kept_whole(work, capsys):
    work.lesson.write_bytes(fixture("answered")[:500])  # cut short, say by a full disk
    work.publish(course_version(m_predict=FIX))
    out = work.run(capsys)[1]
    assert work.lesson.read_bytes() == fixture("answered")[:500]
    assert f"  kept       your changes to {LESSON}; the course's new version is saved as 01_small.new-" in out
