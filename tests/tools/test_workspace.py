"""``python -m gdcourse workspace``: the learner's copy of the lessons, which updates never clobber."""
import datetime
import json
import os
import subprocess
import sys

import pytest

from gdcourse.tools import workspace
from gdcourse.tools.build import ROOT
from gdcourse.tools.workspace import MANIFEST, main

NOW = datetime.datetime(2025, 3, 14, 9, 26, 53)
STAMP = "20250314-092653"


def notebook(text):
    """Small but real notebook bytes; the content is all the workspace looks at."""
    return (json.dumps({"cells": [{"cell_type": "markdown", "id": "a", "metadata": {},
                                   "source": text}],
                        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n").encode()


@pytest.fixture
def course(tmp_path):
    """A course folder with three lessons; returns a function that (re)writes one lesson."""
    source = tmp_path / "course" / "lessons"
    source.mkdir(parents=True)

    def publish(name, text):
        (source / f"{name}.ipynb").write_bytes(notebook(text))

    publish("01_squared_error", "one")
    publish("02_up_down", "two")
    publish("03_descent", "three")
    publish.source = source
    return publish


def run(tmp_path, course, *args, now=NOW):
    """Run the command on tmp_path/my-work with the test course; return (exit code, output)."""
    argv = [str(tmp_path / "my-work"), "--source", str(course.source), *args]
    return main(argv, now=now)


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


def snapshot(folder):
    """Every file's bytes and modification time (the hidden record too), to prove that nothing was touched."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*")
            if p.is_file()}


# ------------------------------------------------------------ first run ----

def test_first_run_copies_every_lesson(tmp_path, course, capsys):
    assert run(tmp_path, course) == 0
    work = tmp_path / "my-work"
    assert listing(work) == [".gdcourse", MANIFEST, "01_squared_error.ipynb", "02_up_down.ipynb", "03_descent.ipynb"]
    for lesson in course.source.iterdir():  # each lesson, and the copy kept as the base of later merges
        assert (work / lesson.name).read_bytes() == lesson.read_bytes()
        assert (work / ".gdcourse" / "base" / lesson.name).read_bytes() == lesson.read_bytes()
    out = capsys.readouterr().out
    assert out == (
        f"Your workspace: {work}\n"
        "  added      01_squared_error.ipynb\n"
        "  added      02_up_down.ipynb\n"
        "  added      03_descent.ipynb\n"
        "Done: 3 added.\n"
        f"Open the lessons from {work} in JupyterLab; your changes there are never overwritten.\n")


def test_manifest_records_the_sha256_of_each_copy(tmp_path, course):
    import hashlib
    run(tmp_path, course)
    record = json.loads((tmp_path / "my-work" / MANIFEST).read_text())
    assert record["format"] == 1
    expected = hashlib.sha256(notebook("two")).hexdigest()
    assert record["files"]["02_up_down.ipynb"] == {"copied": expected, "offered": expected}


def test_rerun_changes_nothing(tmp_path, course, capsys):
    run(tmp_path, course)
    before = snapshot(tmp_path / "my-work")
    capsys.readouterr()
    assert run(tmp_path, course) == 0
    assert snapshot(tmp_path / "my-work") == before  # same bytes, same mtimes, no new files
    out = capsys.readouterr().out
    assert out.count("up to date ") == 3 and "Done: 3 already up to date." in out
    assert "added" not in out and "updated" not in out


# ------------------------------------------------------- course updates ----

@pytest.mark.parametrize("learner_mtime", ["older", "newer"])
def test_learner_edit_survives_a_course_update(tmp_path, course, capsys, learner_mtime):
    run(tmp_path, course)
    mine = tmp_path / "my-work" / "02_up_down.ipynb"
    mine.write_bytes(notebook("two, with my notes"))
    course("02_up_down", "two, improved by the course")
    # Timestamps must not matter: make the learner's file look older or newer than the course's.
    course_mtime = (course.source / "02_up_down.ipynb").stat().st_mtime
    shift = -3600 if learner_mtime == "older" else 3600
    os.utime(mine, (course_mtime + shift, course_mtime + shift))
    capsys.readouterr()

    assert run(tmp_path, course) == 0
    assert mine.read_bytes() == notebook("two, with my notes")
    new = tmp_path / "my-work" / f"02_up_down.new-{STAMP}.ipynb"
    assert new.read_bytes() == notebook("two, improved by the course")
    out = capsys.readouterr().out
    assert (f"  kept       your changes to 02_up_down.ipynb; the course's new version is saved as "
            f"{new.name}\n") in out
    assert "--reset NUMBER" in out

    # Running again offers nothing new: no second copy, still the learner's file.
    capsys.readouterr()
    assert run(tmp_path, course, now=NOW + datetime.timedelta(hours=1)) == 0
    assert mine.read_bytes() == notebook("two, with my notes")
    assert len([n for n in listing(tmp_path / "my-work") if ".new-" in n]) == 1
    assert "  kept       your changes to 02_up_down.ipynb\n" in capsys.readouterr().out


def test_a_second_course_update_is_offered_again(tmp_path, course):
    run(tmp_path, course)
    (tmp_path / "my-work" / "01_squared_error.ipynb").write_bytes(notebook("mine"))
    course("01_squared_error", "version 2")
    run(tmp_path, course)
    course("01_squared_error", "version 3")
    run(tmp_path, course)  # same clock: the second copy gets a counter, the first is not overwritten
    first = tmp_path / "my-work" / f"01_squared_error.new-{STAMP}.ipynb"
    second = tmp_path / "my-work" / f"01_squared_error.new-{STAMP}-2.ipynb"
    assert first.read_bytes() == notebook("version 2")
    assert second.read_bytes() == notebook("version 3")
    assert (tmp_path / "my-work" / "01_squared_error.ipynb").read_bytes() == notebook("mine")


@pytest.mark.parametrize("learner_mtime", ["older", "newer"])
def test_untouched_lesson_takes_the_course_update(tmp_path, course, capsys, learner_mtime):
    run(tmp_path, course)
    mine = tmp_path / "my-work" / "03_descent.ipynb"
    # Opening a notebook without changing it may touch its date: that is not an edit.
    stamp = 2_000_000_000 if learner_mtime == "newer" else 1_000_000_000
    os.utime(mine, (stamp, stamp))
    course("03_descent", "three, fixed")
    capsys.readouterr()
    assert run(tmp_path, course) == 0
    assert mine.read_bytes() == notebook("three, fixed")
    assert "  updated    03_descent.ipynb: you had not changed it\n" in capsys.readouterr().out
    assert not [n for n in listing(tmp_path / "my-work") if ".new-" in n]


def test_new_lesson_is_added(tmp_path, course, capsys):
    run(tmp_path, course)
    (tmp_path / "my-work" / "01_squared_error.ipynb").write_bytes(notebook("mine"))
    course("04_learning_rate_alpha", "four")
    capsys.readouterr()
    assert run(tmp_path, course) == 0
    assert (tmp_path / "my-work" / "04_learning_rate_alpha.ipynb").read_bytes() == notebook("four")
    out = capsys.readouterr().out
    assert "  added      04_learning_rate_alpha.ipynb\n" in out
    assert "Done: 1 added, 1 kept with your changes, 2 already up to date.\n" in out


def test_deleted_lesson_comes_back(tmp_path, course):
    run(tmp_path, course)
    (tmp_path / "my-work" / "02_up_down.ipynb").unlink()
    run(tmp_path, course)
    assert (tmp_path / "my-work" / "02_up_down.ipynb").read_bytes() == notebook("two")


def test_edit_that_equals_the_new_course_version_is_simply_up_to_date(tmp_path, course, capsys):
    run(tmp_path, course)
    (tmp_path / "my-work" / "02_up_down.ipynb").write_bytes(notebook("two, fixed"))
    course("02_up_down", "two, fixed")
    capsys.readouterr()
    run(tmp_path, course)
    assert "  up to date 02_up_down.ipynb\n" in capsys.readouterr().out
    assert not [n for n in listing(tmp_path / "my-work") if ".new-" in n]
    # ... and from now on it counts as untouched, so the next course update applies.
    course("02_up_down", "two, fixed again")
    run(tmp_path, course)
    assert (tmp_path / "my-work" / "02_up_down.ipynb").read_bytes() == notebook("two, fixed again")


# ------------------------------------------------- lost or damaged record ----

@pytest.mark.parametrize("damage", [
    None,                                              # deleted
    b"{ this is not json",
    b"[1, 2, 3]",
    json.dumps({"files": ["01_squared_error.ipynb"]}).encode(),
    json.dumps({"files": {"01_squared_error.ipynb": {"copied": "xyz", "offered": 3}}}).encode(),
    b"\xff\xfe\x00garbage",
])
def test_lost_or_damaged_record_never_loses_work(tmp_path, course, capsys, damage):
    run(tmp_path, course)
    work = tmp_path / "my-work"
    (work / "01_squared_error.ipynb").write_bytes(notebook("my precious work"))
    if damage is None:
        (work / MANIFEST).unlink()
    else:
        (work / MANIFEST).write_bytes(damage)
    course("01_squared_error", "one, updated")
    course("03_descent", "three, updated")  # untouched by the learner, but nothing proves it now
    capsys.readouterr()

    assert run(tmp_path, course) == 0
    assert (work / "01_squared_error.ipynb").read_bytes() == notebook("my precious work")
    assert (work / "03_descent.ipynb").read_bytes() == notebook("three")  # kept: no record, no risk
    assert (work / f"01_squared_error.new-{STAMP}.ipynb").read_bytes() == notebook("one, updated")
    assert (work / f"03_descent.new-{STAMP}.ipynb").read_bytes() == notebook("three, updated")
    assert (work / "02_up_down.ipynb").read_bytes() == notebook("two")
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("Note: ")
    assert "treated as yours and kept" in out
    # The record is rebuilt and a learner's file is never recorded as "our copy".
    json.loads((work / MANIFEST).read_text())
    course("01_squared_error", "one, updated twice")
    run(tmp_path, course, now=NOW + datetime.timedelta(seconds=1))
    assert (work / "01_squared_error.ipynb").read_bytes() == notebook("my precious work")


def test_no_note_on_a_fresh_workspace(tmp_path, course, capsys):
    run(tmp_path, course)
    assert "Note" not in capsys.readouterr().out


# -------------------------------------------------------------- --reset ----

@pytest.mark.parametrize("name", ["02", "2", "02_up_down", "02_up_down.ipynb", "my-work/02_up_down.ipynb"])
def test_reset_backs_up_then_restores(tmp_path, course, capsys, name):
    run(tmp_path, course)
    mine = tmp_path / "my-work" / "02_up_down.ipynb"
    mine.write_bytes(notebook("my attempt"))
    capsys.readouterr()
    assert run(tmp_path, course, "--reset", name) == 0
    backup = tmp_path / "my-work" / f"02_up_down.backup-{STAMP}.ipynb"
    assert backup.read_bytes() == notebook("my attempt")
    assert mine.read_bytes() == notebook("two")
    assert capsys.readouterr().out == f"reset      02_up_down.ipynb: your copy is saved as {backup.name}\n"
    # Only that lesson was touched.
    assert (tmp_path / "my-work" / "01_squared_error.ipynb").read_bytes() == notebook("one")


def test_reset_then_course_update_applies(tmp_path, course):
    run(tmp_path, course)
    (tmp_path / "my-work" / "02_up_down.ipynb").write_bytes(notebook("my attempt"))
    run(tmp_path, course, "--reset", "02")
    course("02_up_down", "two, improved")
    run(tmp_path, course)
    assert (tmp_path / "my-work" / "02_up_down.ipynb").read_bytes() == notebook("two, improved")


def test_repeated_resets_never_clobber_a_backup(tmp_path, course):
    run(tmp_path, course)
    mine = tmp_path / "my-work" / "03_descent.ipynb"
    for attempt in range(1, 4):  # three resets within the same second
        mine.write_bytes(notebook(f"attempt {attempt}"))
        assert run(tmp_path, course, "--reset", "03") == 0
    work = tmp_path / "my-work"
    assert (work / f"03_descent.backup-{STAMP}.ipynb").read_bytes() == notebook("attempt 1")
    assert (work / f"03_descent.backup-{STAMP}-2.ipynb").read_bytes() == notebook("attempt 2")
    assert (work / f"03_descent.backup-{STAMP}-3.ipynb").read_bytes() == notebook("attempt 3")
    assert mine.read_bytes() == notebook("three")


def test_reset_of_an_unchanged_or_missing_lesson(tmp_path, course, capsys):
    run(tmp_path, course)
    capsys.readouterr()
    assert run(tmp_path, course, "--reset", "01") == 0
    assert "nothing to do" in capsys.readouterr().out
    (tmp_path / "my-work" / "01_squared_error.ipynb").unlink()
    assert run(tmp_path, course, "--reset", "01") == 0
    assert capsys.readouterr().out == "restored   01_squared_error.ipynb: copied from the course\n"
    assert not [n for n in listing(tmp_path / "my-work") if ".backup-" in n]


def test_unknown_lesson_is_a_usage_error_listing_the_lessons(tmp_path, course, capsys):
    run(tmp_path, course)
    (tmp_path / "my-work" / "01_squared_error.ipynb").write_bytes(notebook("mine"))
    before = snapshot(tmp_path / "my-work")
    capsys.readouterr()
    # A bad name anywhere in the list stops every reset before anything changes.
    assert run(tmp_path, course, "--reset", "01", "--reset", "09") == 2
    assert capsys.readouterr().out == (
        "There is no lesson called '09'. The lessons are:\n"
        "  01_squared_error\n  02_up_down\n  03_descent\n")
    assert snapshot(tmp_path / "my-work") == before


def test_ambiguous_lesson_number(tmp_path, course, capsys):
    course("01_squared_error_extra", "extra")
    run(tmp_path, course)
    capsys.readouterr()
    assert run(tmp_path, course, "--reset", "01") == 2
    assert "could mean more than one lesson" in capsys.readouterr().out


def test_reset_without_a_workspace(tmp_path, course, capsys):
    assert run(tmp_path, course, "--reset", "01") == 2
    assert "There is no workspace" in capsys.readouterr().out
    assert not (tmp_path / "my-work").exists()


# ---------------------------------------------------- safety and refusals ----

def test_refuses_the_course_folders(tmp_path, course, capsys):
    for folder in (course.source, ROOT / "lessons", ROOT / "solutions", ROOT / "solutions" / "x", ROOT):
        assert main([str(folder), "--source", str(course.source)], now=NOW) == 2
        assert "is part of the course itself" in capsys.readouterr().out
    assert not (ROOT / "solutions" / "x").exists()


def test_refuses_a_file_as_workspace(tmp_path, course, capsys):
    (tmp_path / "my-work").write_text("not a folder")
    assert run(tmp_path, course) == 2
    assert "is not a folder" in capsys.readouterr().out


def test_no_lessons_is_a_usage_error(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(tmp_path / "w"), "--source", str(empty)]) == 2
    assert "No lessons found" in capsys.readouterr().out


def test_symlinked_lesson_is_never_followed(tmp_path, course, capsys):
    run(tmp_path, course)
    outside = tmp_path / "outside.ipynb"
    outside.write_bytes(b"not yours to touch")
    link = tmp_path / "my-work" / "02_up_down.ipynb"
    link.unlink()
    link.symlink_to(outside)
    course("02_up_down", "two, updated")
    capsys.readouterr()
    assert run(tmp_path, course) == 1
    assert outside.read_bytes() == b"not yours to touch"
    assert link.is_symlink()
    assert "  skipped    02_up_down.ipynb: it is a symbolic link" in capsys.readouterr().out
    assert run(tmp_path, course, "--reset", "02") == 1
    assert outside.read_bytes() == b"not yours to touch"


def test_symlinked_record_is_never_followed(tmp_path, course, capsys):
    run(tmp_path, course)
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    record = tmp_path / "my-work" / MANIFEST
    record.unlink()
    record.symlink_to(outside)
    course("01_squared_error", "one, updated")
    assert run(tmp_path, course) == 1
    assert outside.read_text() == "{}"
    assert (tmp_path / "my-work" / "01_squared_error.ipynb").read_bytes() == notebook("one")


def test_no_partial_files_are_left_behind(tmp_path, course):
    run(tmp_path, course)
    course("02_up_down", "two, updated")
    run(tmp_path, course)
    assert not [n for n in listing(tmp_path / "my-work") if "partial" in n]


def test_default_source_is_the_course_lessons(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lessons = workspace.course_lessons(ROOT / "lessons")
    code = main([])
    if lessons:
        assert code == 0
        assert listing(tmp_path / "my-work") == sorted([".gdcourse", MANIFEST] + [p.name for p in lessons])
    else:  # before any lesson is built
        assert code == 2 and "No lessons found" in capsys.readouterr().out


# ----------------------------------------------------------------- help ----

def test_help_explains_workspace_and_reset(capsys):
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for words in ("workspace", "--reset", "NEVER overwritten", "backup", MANIFEST, "my-work"):
        assert words in text


def test_bad_option_is_a_usage_error(capsys):
    assert main(["--frobnicate"]) == 2
    assert "usage:" in capsys.readouterr().err


def test_command_line_help_in_a_subprocess(tmp_path):
    done = subprocess.run([sys.executable, "-m", "gdcourse", "workspace", "--help"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "python -m gdcourse workspace" in done.stdout and "--reset" in done.stdout
    assert not (tmp_path / "my-work").exists()


def test_command_line_run_in_a_subprocess(tmp_path, course):
    done = subprocess.run([sys.executable, "-m", "gdcourse", "workspace", "mine",
                           "--source", str(course.source)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "  added      01_squared_error.ipynb" in done.stdout
    done = subprocess.run([sys.executable, "-m", "gdcourse", "workspace", "mine",
                           "--source", str(course.source), "--reset", "42"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 2 and "02_up_down" in done.stdout


# ------------------------------------------------------------- --lang es ----

@pytest.fixture
def bilingual(tmp_path, monkeypatch):
    """A course folder (as ROOT) with lessons/ and, if asked, lessons/es/; the learner works in tmp_path/learner."""
    from gdcourse.tools import build
    root, learner = tmp_path / "course", tmp_path / "learner"
    (root / "lessons").mkdir(parents=True)
    (root / "lessons" / "01_squared_error.ipynb").write_bytes(notebook("one"))
    learner.mkdir()
    monkeypatch.setattr(build, "ROOT", root)
    monkeypatch.chdir(learner)
    return root, learner


def test_lang_es_takes_the_spanish_lessons_into_their_own_folder(bilingual):
    root, learner = bilingual
    (root / "lessons" / "es").mkdir()
    (root / "lessons" / "es" / "01_squared_error.ipynb").write_bytes(notebook("uno"))
    assert main(["--lang", "es"], now=NOW) == 0
    assert (learner / "my-work-es" / "01_squared_error.ipynb").read_bytes() == notebook("uno")
    assert not (learner / "my-work").exists()
    assert main([], now=NOW) == 0  # the English edition, beside it
    assert (learner / "my-work" / "01_squared_error.ipynb").read_bytes() == notebook("one")


def test_lang_es_without_spanish_lessons_says_so(bilingual, capsys):
    root, learner = bilingual
    assert main(["--lang", "es"], now=NOW) == 2
    assert capsys.readouterr().out == (
        f"This copy of the course has no lessons in 'es' yet (there is no folder {root / 'lessons' / 'es'}). "
        "Without --lang you get the English lessons.\n")
    assert list(learner.iterdir()) == []
