"""The Spanish edition from one source: each lesson's PO file (one entry per cell, keyed by cell id) against the
English solution, the gettext cycle of ``python -m gdcourse translate``, and the build of solutions/es, lessons/es.

The tests on the real lessons fail, naming the lesson and the cells, until every translation is finished and
reviewed: a changed English cell is never silently left with its old Spanish."""
import pytest

from gdcourse.tools import build, translate

SOLUTIONS = sorted((build.ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_every_cell_of_every_lesson_has_a_reviewed_translation(solution):
    po = translate.po_path(solution)
    assert po.exists(), f"{po.relative_to(build.ROOT)} is missing: run `python -m gdcourse translate {solution.stem[:2]}`"
    problems = translate.problems(build.read(solution), translate.read_po(po))
    assert not problems, f"{solution.stem}: " + "; ".join(problems)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_the_spanish_notebooks_are_what_the_build_makes(solution):
    es_solution, es_lesson = (build.ROOT / folder / "es" / solution.name for folder in ("solutions", "lessons"))
    assert es_solution.exists() and es_lesson.exists(), f"run `python -m gdcourse build {solution.stem[:2]}`"
    po = translate.read_po(translate.po_path(solution))
    expected = translate.translated(build.read(solution), po, solution.stem, allow_untranslated=True)
    assert sources(build.read(es_solution)) == sources(expected), f"{solution.stem}: run `python -m gdcourse build`"
    assert sources(build.read(es_lesson)) == sources(build.lesson_from_solution(expected, "es"))


def sources(notebook):
    return [(c["id"], c["cell_type"], "".join(c["source"])) for c in notebook["cells"]]


# --- the whole cycle on a small made-up lesson ------------------------------------------------------------------

def made_up_solution():
    cells = [{"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "# Squared error\n\nHow wrong is it?"},
             {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": 1, "source": "import numpy as np",
              "outputs": [{"output_type": "stream", "name": "stdout", "text": "English output\n"}]},
             {"cell_type": "code", "id": "c2", "metadata": {"tags": ["exact-ieee"]}, "execution_count": 2,
              "outputs": [], "source": "print('error:', (1.5 - 4) ** 2)  # the error"}]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


SPANISH = {"m1": "# Error cuadrático\n\n¿Cuánto se equivoca?", "c1": "import numpy as np",
           "c2": "print('error:', (1.5 - 4) ** 2)  # el error"}


def translated_po(solution):
    po = translate.merge(translate.new_po("test"), translate.cells(solution))
    for entry in po:
        entry.msgstr = SPANISH[entry.msgctxt]
    return po


def test_a_new_po_file_has_one_empty_entry_per_cell_keyed_by_cell_id():
    solution = made_up_solution()
    po = translate.merge(translate.new_po("test"), translate.cells(solution))
    assert [(e.msgctxt, e.msgid, e.msgstr, e.comment) for e in po] == [
        ("m1", "# Squared error\n\nHow wrong is it?", "", "markdown"), ("c1", "import numpy as np", "", "code"),
        ("c2", "print('error:', (1.5 - 4) ** 2)  # the error", "", "code")]
    assert translate.problems(solution, po) == ["not translated yet: cells m1, c1, c2"]


def test_the_spanish_notebook_takes_each_cells_translation_and_speaks_spanish_first():
    solution = made_up_solution()
    spanish = translate.translated(solution, translated_po(solution), "00_made_up")
    assert [c["source"] for c in spanish["cells"]] == [SPANISH["m1"], translate.SPEAK + SPANISH["c1"], SPANISH["c2"]]
    assert translate.SPEAK.count("\n") == 2 and 'gdcourse.use_language("es")' in translate.SPEAK
    assert [c["id"] for c in spanish["cells"]] == ["m1", "c1", "c2"] and spanish["cells"][2]["metadata"] == {
        "tags": ["exact-ieee"]}
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in spanish["cells"][1:])  # no English left
    assert solution == made_up_solution()


def test_the_whole_cycle_change_fails_translate_marks_fuzzy_review_passes(tmp_path):
    solution = made_up_solution()
    po = translated_po(solution)
    assert translate.problems(solution, po) == []

    solution["cells"][2]["source"] = "print('squared error:', (1.5 - 4) ** 2)  # the error"  # the English changes
    assert translate.problems(solution, po) == ["the English changed since it was translated: cells c2"]
    with pytest.raises(translate.Untranslated, match=r"00_made_up: 1 of 3 cells .*\(c2\)"):
        translate.translated(solution, po, "00_made_up")
    preview = translate.translated(solution, po, "00_made_up", allow_untranslated=True)
    assert preview["cells"][2]["source"] == solution["cells"][2]["source"]  # English kept where not reviewed

    translate.merge(po, translate.cells(solution)).save(str(tmp_path / "00.po"))  # python -m gdcourse translate
    text = (tmp_path / "00.po").read_text(encoding="utf-8")
    assert "#, fuzzy\n#| msgctxt" not in text and "#, fuzzy\n#| msgid \"print('error:', (1.5 - 4) ** 2)  # the error\"" in text
    po = translate.read_po(tmp_path / "00.po")
    entry = po[2]
    assert entry.fuzzy and entry.msgstr == SPANISH["c2"] and entry.msgid == solution["cells"][2]["source"]
    assert translate.problems(solution, po) == ["fuzzy (to review, then remove the flag): cells c2"]

    entry.msgstr = "print('squared error:', (1.5 - 4) ** 2)  # el error"  # the translator reviews
    entry.flags.remove("fuzzy")
    assert translate.problems(solution, po) == []
    assert translate.translated(solution, po, "00_made_up")["cells"][2]["source"] == entry.msgstr


def test_a_second_change_before_review_keeps_the_english_the_translation_was_made_from():
    solution = made_up_solution()
    po = translated_po(solution)
    for version in ("print(1)", "print(2)"):
        solution["cells"][2]["source"] = version
        translate.merge(po, translate.cells(solution))
    assert po[2].msgid == "print(2)" and po[2].previous_msgid == "print('error:', (1.5 - 4) ** 2)  # the error"
    assert po[2].flags == ["fuzzy"]


def test_new_and_removed_cells(tmp_path):
    solution = made_up_solution()
    po = translated_po(solution)
    solution["cells"].insert(1, {"cell_type": "markdown", "id": "m2", "metadata": {}, "source": "A new cell."})
    del solution["cells"][3]  # c2 is gone
    assert translate.problems(solution, po) == ["no entry (a new cell): cells m2",
                                                "an entry whose cell no longer exists: cells c2"]
    translate.merge(po, translate.cells(solution)).save(str(tmp_path / "00.po"))
    assert '#~ msgctxt "c2"' in (tmp_path / "00.po").read_text(encoding="utf-8")
    po = translate.read_po(tmp_path / "00.po")
    assert [(e.msgctxt, e.msgstr, e.obsolete) for e in po] == [
        ("m1", SPANISH["m1"], 0), ("m2", "", 0), ("c1", SPANISH["c1"], 0), ("c2", SPANISH["c2"], 1)]
    assert translate.problems(solution, po) == ["not translated yet: cells m2"]
    solution["cells"].append(made_up_solution()["cells"][2])  # c2 comes back, unchanged: its translation too
    translate.merge(po, translate.cells(solution))
    assert translate.problems(solution, po) == ["not translated yet: cells m2"]


def test_an_empty_english_cell_needs_no_translation():
    solution = made_up_solution()
    solution["cells"][0]["source"] = ""
    po = translated_po(solution)
    po[0].msgstr = ""
    assert translate.problems(solution, po) == []


# --- the commands, in a made-up course folder --------------------------------------------------------------------

@pytest.fixture
def course(tmp_path, monkeypatch):
    (tmp_path / "solutions").mkdir()
    build.write(tmp_path / "solutions" / "00_made_up.ipynb", made_up_solution())
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.setattr(translate, "ROOT", tmp_path)
    return tmp_path


def test_translate_command_writes_and_updates_the_po_file(course, capsys):
    assert translate.main(["00"]) == 0
    assert "updated solutions/es/00_made_up.po: not translated yet: cells m1, c1, c2" in capsys.readouterr().out
    po = translate.read_po(course / "solutions" / "es" / "00_made_up.po")
    assert [e.msgctxt for e in po] == ["m1", "c1", "c2"] and po.metadata["Language"] == "es"
    for entry in po:
        entry.msgstr = SPANISH[entry.msgctxt]
    po.save()
    assert translate.main([]) == 0 and ": complete" in capsys.readouterr().out


def test_build_refuses_an_unfinished_translation_and_builds_a_finished_one(course, capsys):
    assert build.main(["--no-execute"]) == 1
    out = capsys.readouterr().out
    assert "not built in Spanish: 00_made_up: 3 of 3 cells are not translated" in out
    assert (course / "lessons" / "00_made_up.ipynb").exists() and not (course / "lessons" / "es").exists()

    assert build.main(["--no-execute", "--allow-untranslated"]) == 0
    preview = build.read(course / "solutions" / "es" / "00_made_up.ipynb")
    assert preview["cells"][0]["source"] == "# Squared error\n\nHow wrong is it?"

    po = translate.merge(translate.new_po("test"), translate.cells(made_up_solution()))
    for entry in po:
        entry.msgstr = SPANISH[entry.msgctxt]
    po.save(str(translate.po_path(course / "solutions" / "00_made_up.ipynb")))
    assert build.main(["--no-execute"]) == 0
    lesson = build.read(course / "lessons" / "es" / "00_made_up.ipynb")
    assert lesson["cells"][0]["source"] == SPANISH["m1"] and lesson["cells"][1]["source"].startswith(translate.SPEAK)
    assert lesson["metadata"] == {"kernelspec": build.KERNELSPEC, "language_info": build.LANGUAGE_INFO}
