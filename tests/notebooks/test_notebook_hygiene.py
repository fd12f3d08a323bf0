"""Notebook hygiene: what is committed in lessons/ and solutions/ (and their Spanish editions in es/) is clean,
complete and in sync.

Pure JSON reads, no kernel: the whole file runs in well under a second.
Each rule is also tried on a small made-up notebook, to show it catches what
it claims to catch.
"""
import copy

import pytest

import nbtools
from gdcourse.tools.build import BEGIN, END, KERNELSPEC, LANGUAGE_INFO

NOTEBOOKS = nbtools.all_notebooks()
LESSONS = [p for p in NOTEBOOKS if p.relative_to(nbtools.ROOT).parts[0] == "lessons"]

# Size caps with room to spare: lesson 01 weighs 0.21 MB and its largest PNG
# 74 kB; eight lessons and their solutions at up to ~0.6 MB each fit in 12 MB
# with 2x headroom. Raise a cap deliberately, never to make a bloated figure pass.
MAX_NOTEBOOK_BYTES = 1_500_000
MAX_TOTAL_BYTES = 12_000_000
MAX_PNG_BYTES = 250_000


def kind(path):
    return "lesson" if path.relative_to(nbtools.ROOT).parts[0] == "lessons" else "solution"


def twin(lesson):  # the solution of the same lesson, in the same language
    return nbtools.edition(nbtools.SOLUTIONS, nbtools.language(lesson)) / lesson.name


def assert_clean(path, problems):
    assert not problems, f"{nbtools.label(path)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_notebook_is_valid_nbformat_4_with_cell_ids(path):
    import nbformat
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4 and notebook.nbformat_minor >= 5
    assert all("id" in cell for cell in notebook.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_python3_kernel(path):
    assert_clean(path, nbtools.kernel_problems(nbtools.read(path)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_no_widget_state_timings_or_widget_views(path):
    assert_clean(path, nbtools.leftover_problems(nbtools.read(path)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_every_code_cell_was_executed(path):
    assert_clean(path, nbtools.unexecuted_problems(nbtools.read(path)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_no_error_outputs(path):
    assert_clean(path, nbtools.error_problems(nbtools.read(path)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_nbval_tags_are_known_and_allowed(path):
    assert_clean(path, nbtools.tag_problems(nbtools.read(path)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_size_caps(path):
    size = path.stat().st_size
    assert size < MAX_NOTEBOOK_BYTES, f"{nbtools.label(path)} is {size / 1e6:.2f} MB"
    big = [(i, n) for i, n in nbtools.png_sizes(nbtools.read(path)) if n >= MAX_PNG_BYTES]
    assert not big, f"{nbtools.label(path)}: PNGs over {MAX_PNG_BYTES} bytes (cell, bytes): {big}"


def test_total_size_cap():
    total = sum(p.stat().st_size for p in NOTEBOOKS)
    assert total < MAX_TOTAL_BYTES, f"the notebooks weigh {total / 1e6:.2f} MB together"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_lesson_parts(path):
    assert_clean(path, nbtools.structure_problems(nbtools.read(path), kind(path), nbtools.language(path)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nbtools.label)
def test_spanish_notebooks_choose_spanish_in_their_first_code_cell_and_english_ones_nothing(path):
    assert_clean(path, nbtools.language_problems(nbtools.read(path), nbtools.language(path)))


@pytest.mark.parametrize("language", nbtools.LANGUAGES)
def test_every_lesson_has_a_solution_and_vice_versa(language):
    lessons = {p.name for p in nbtools.notebook_paths(nbtools.edition(nbtools.LESSONS, language))}
    solutions = {p.name for p in nbtools.notebook_paths(nbtools.edition(nbtools.SOLUTIONS, language))}
    assert lessons - solutions == set(), "lessons without a solution"
    assert solutions - lessons == set(), "solutions without a lesson: run `python -m gdcourse build`"


@pytest.mark.parametrize("path", [p for p in LESSONS if twin(p).exists()], ids=nbtools.label)
def test_lesson_is_what_the_build_makes_of_its_solution(path):
    solution = nbtools.read(twin(path))
    assert_clean(path, nbtools.twin_problems(nbtools.read(path), solution, nbtools.language(path)))


# ---- the rules themselves, on small made-up notebooks ------------------------

def good_solution():
    """A tiny solution notebook that satisfies every rule."""
    def code(source, tags=(), outputs=()):
        return {"cell_type": "code", "id": f"c{len(cells)}", "execution_count": len(cells),
                "metadata": {"tags": list(tags)} if tags else {}, "outputs": list(outputs),
                "source": source}

    def markdown(source):
        return {"cell_type": "markdown", "id": f"m{len(cells)}", "metadata": {}, "source": source}

    cells = []
    cells.append(markdown("# 01 Squared error\n\n**Learning objectives**\n- square an error"))
    cells.append(code(f"def squared_error(p, t):\n    {BEGIN}\n    return (p - t) ** 2\n    {END}"))
    cells.append(markdown("<details><summary>Hint 1: subtract</summary>p - t</details>"))
    cells.append(code(f"{BEGIN}\nanswer = 6.25\n{END}"))
    cells.append(code("slider = frame_slider(draw, controls)\nslider", tags=["nbval-ignore-output"]))
    cells.append(code("print('6.25')", outputs=[{"output_type": "stream", "name": "stdout",
                                                  "text": "6.25\n"}]))
    cells.append(markdown("## Recap\n- errors are squared"))
    return {"cells": cells, "metadata": {"kernelspec": dict(KERNELSPEC),
                                         "language_info": dict(LANGUAGE_INFO)},
            "nbformat": 4, "nbformat_minor": 5}


def good_lesson():
    from gdcourse.tools.build import lesson_from_solution
    lesson = lesson_from_solution(good_solution())
    for n, (_, cell) in enumerate(nbtools.code_cells(lesson)):
        cell["execution_count"] = n + 1
    return lesson


def all_problems(notebook, kind):
    return (nbtools.kernel_problems(notebook) + nbtools.leftover_problems(notebook)
            + nbtools.unexecuted_problems(notebook) + nbtools.error_problems(notebook)
            + nbtools.tag_problems(notebook) + nbtools.structure_problems(notebook, kind))


def test_the_made_up_notebooks_pass_every_rule():
    assert all_problems(good_solution(), "solution") == []
    assert all_problems(good_lesson(), "lesson") == []
    assert nbtools.twin_problems(good_lesson(), good_solution()) == []


def broken(change):
    notebook = good_solution()
    change(notebook)
    return notebook


@pytest.mark.parametrize("change, expected", [
    (lambda nb: nb["metadata"].update(kernelspec={"name": "python2"}), "kernelspec"),
    (lambda nb: nb["metadata"].update(language_info={"name": "R"}), "language_info"),
    (lambda nb: nb["metadata"].update(widgets={"state": {}}), "widget state"),
    (lambda nb: nb["cells"][5]["metadata"].update(execution={"iopub.status.idle": "x"}), "timing"),
    (lambda nb: nb["cells"][4]["outputs"].append(
        {"output_type": "display_data", "metadata": {},
         "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "1"}}}), "widget view"),
    (lambda nb: nb["cells"][5].update(execution_count=None), "never executed"),
    (lambda nb: nb["cells"][5]["outputs"].append(
        {"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": []}),
     "stored error output ValueError"),
    (lambda nb: nb["cells"][4]["metadata"].update(tags=["nbval-ignore-ouput"]), "typo"),
    (lambda nb: nb["cells"][4]["metadata"].update(tags=["NBVAL-IGNORE-OUTPUT"]), "typo"),
    (lambda nb: nb["cells"][4]["metadata"].update(tags=["raises-exceptions"]), "typo"),
    (lambda nb: nb["cells"][5]["metadata"].update(tags=["nbval-skip"]), "not allowed"),
    (lambda nb: nb["cells"][5]["metadata"].update(tags=["raises-exception"]), "not allowed"),
    (lambda nb: nb["cells"][5]["metadata"].update(tags=["nbval-raises-exception"]), "not allowed"),
    (lambda nb: nb["cells"][5]["metadata"].update(tags=["nbval-ignore-output"]), "only for cells"),
    (lambda nb: nb["cells"][5].update(source="# NBVAL_SKIP\nprint('6.25')"), "comment marker"),
    (lambda nb: nb["cells"][5].update(source="# NBVAL_IGNORE_OUTPT\nprint('6.25')"), "comment marker"),
    (lambda nb: nb["cells"].pop(0), "first cell"),
    (lambda nb: nb["cells"][0].update(source="Squared error\n\nobjectives"), "title"),
    (lambda nb: nb["cells"][0].update(source="# Squared error\n\nYou will learn"), "objectives"),
    (lambda nb: nb["cells"].pop(), "Recap"),
    (lambda nb: nb["cells"].pop(2), "<details>"),
    (lambda nb: nb["cells"].pop(3), "only 1 solution region"),
])
def test_each_rule_catches_its_problem(change, expected):
    problems = all_problems(broken(change), "solution")
    assert any(expected in p for p in problems), problems


def test_lesson_with_solution_text_is_caught():
    assert any(BEGIN in p for p in nbtools.structure_problems(good_solution(), "lesson"))


def test_stale_lesson_is_caught():
    lesson = good_lesson()
    lesson["cells"][3]["source"] = "answer = 6.25  # YOUR ANSWER HERE"
    assert nbtools.twin_problems(lesson, good_solution()) == [
        "cell 3 differs from what the build makes of the solution: run `python -m gdcourse build NN`"]
    shorter = copy.deepcopy(good_lesson())
    shorter["cells"].pop()
    assert "cells" in nbtools.twin_problems(shorter, good_solution())[0]
    retagged = good_lesson()
    retagged["cells"][4]["metadata"] = {}
    assert nbtools.twin_problems(retagged, good_solution())


def test_sources_as_lists_of_lines_compare_equal_to_strings():
    lesson = good_lesson()
    for cell in lesson["cells"]:
        cell["source"] = cell["source"].splitlines(keepends=True)
    assert nbtools.twin_problems(lesson, good_solution()) == []


def test_png_sizes_are_decoded_bytes():
    import base64
    cell = {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "fig",
            "outputs": [{"output_type": "display_data", "metadata": {},
                         "data": {"image/png": base64.b64encode(b"x" * 3000).decode()}}]}
    assert nbtools.png_sizes({"cells": [cell]}) == [(0, 3000)]


def test_the_spanish_rules_on_a_made_up_notebook():
    from gdcourse.tools.translate import SPEAK
    solution = good_solution()
    solution["cells"][0]["source"] = "# 01 Error cuadrático\n\n**Objetivos de aprendizaje**\n- elevar un error al cuadrado"
    solution["cells"][-1]["source"] = "## Resumen\n- los errores se elevan al cuadrado"
    assert nbtools.structure_problems(solution, "solution", "es") == []
    assert "no 'Recap' section" in nbtools.structure_problems(solution, "solution", "en")
    assert "first code cell" in nbtools.language_problems(solution, "es")[0]
    solution["cells"][1]["source"] = SPEAK + solution["cells"][1]["source"]
    assert nbtools.language_problems(solution, "es") == []
    assert nbtools.language_problems(solution, "en") == ["cell 1: an English notebook calls use_language"]
