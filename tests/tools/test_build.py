"""gdcourse.tools.build: how a solution notebook becomes a lesson (stubs), and what clean() strips."""
import copy
import textwrap

import pytest

from gdcourse.tools import build


def src(text):
    return textwrap.dedent(text).strip("\n")


# --- stub_source -------------------------------------------------------------------

def test_a_function_body_becomes_not_implemented():
    solution = src('''
        def squared_error(prediction, true_value):
            """Docstring stays."""
            ### BEGIN SOLUTION
            miss = prediction - true_value
            return miss ** 2
            ### END SOLUTION
    ''')
    assert build.stub_source(solution) == src('''
        def squared_error(prediction, true_value):
            """Docstring stays."""
            # YOUR CODE HERE
            raise NotImplementedError()
    ''')


def test_the_stubbed_function_runs_and_raises_not_implemented():
    solution = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n"
    namespace = {}
    exec(build.stub_source(solution), namespace)
    with pytest.raises(NotImplementedError):
        namespace["f"](1)


def test_top_level_assignments_become_none():
    solution = src('''
        ### BEGIN SOLUTION
        largest_alpha = 2 / (2 * 3 ** 2)
        ### END SOLUTION
        checks.largest_alpha(largest_alpha)
    ''')
    assert build.stub_source(solution) == src('''
        largest_alpha = None  # YOUR ANSWER HERE
        checks.largest_alpha(largest_alpha)
    ''')


def test_each_assigned_name_is_stubbed_once_in_order():
    solution = src('''
        ### BEGIN SOLUTION
        b = 1
        a = b + 1
        b = a * 2
        if a == b:
            c = 3
        total = (a +
                 b)
        ### END SOLUTION
    ''')
    assert build.stub_source(solution).splitlines() == [
        "b = None  # YOUR ANSWER HERE",
        "a = None  # YOUR ANSWER HERE",
        "total = None  # YOUR ANSWER HERE",
    ]


def test_a_top_level_region_without_assignments_leaves_a_comment():
    assert build.stub_source("### BEGIN SOLUTION\nprint(42)\n### END SOLUTION") == "# YOUR CODE HERE"


def test_comparisons_are_not_assignments():
    assert build.stub_source("### BEGIN SOLUTION\nx == 3\n### END SOLUTION") == "# YOUR CODE HERE"


def test_nested_indentation_is_kept():
    solution = src('''
        class Model:
            def step(self, w):
                for _ in range(3):
                    ### BEGIN SOLUTION
                    w = w - 0.1
                    ### END SOLUTION
                return w
    ''')
    stubbed = build.stub_source(solution)
    assert stubbed == src('''
        class Model:
            def step(self, w):
                for _ in range(3):
                    # YOUR CODE HERE
                    raise NotImplementedError()
                return w
    ''')
    compile(stubbed, "<stub>", "exec")


def test_several_regions_in_one_cell():
    solution = src('''
        def f(x):
            ### BEGIN SOLUTION
            return x
            ### END SOLUTION


        ### BEGIN SOLUTION
        answer = f(3)
        ### END SOLUTION
    ''')
    stubbed = build.stub_source(solution)
    assert stubbed.count("raise NotImplementedError()") == 1
    assert "answer = None  # YOUR ANSWER HERE" in stubbed
    assert "return x" not in stubbed and "f(3)" not in stubbed
    assert build.BEGIN not in stubbed and build.END not in stubbed


def test_code_without_markers_is_unchanged():
    code = "import numpy as np\n\nx = np.arange(3)"
    assert build.stub_source(code) == code


@pytest.mark.parametrize("broken", [
    "### END SOLUTION\nx = 1",
    "### BEGIN SOLUTION\nx = 1",
    "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n    ### END SOLUTION",
])
def test_unbalanced_markers_raise(broken):
    with pytest.raises(ValueError, match="SOLUTION"):
        build.stub_source(broken)


# --- lesson_from_solution ----------------------------------------------------------

def solution_notebook():
    return {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": build.KERNELSPEC},
        "cells": [
            {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": ["# Title\n", "text"]},
            {"cell_type": "code", "id": "c1", "metadata": {"tags": ["nbval-ignore-output"]},
             "execution_count": 3,
             "outputs": [{"output_type": "stream", "name": "stdout", "text": "hi\n"}],
             "source": ["def f(x):\n", "    ### BEGIN SOLUTION\n", "    return x\n", "    ### END SOLUTION"]},
            {"cell_type": "code", "id": "c2", "metadata": {}, "execution_count": 4,
             "outputs": [{"output_type": "execute_result", "data": {"text/plain": "2"},
                          "metadata": {}, "execution_count": 4}],
             "source": "1 + 1"},
        ],
    }


def test_lesson_from_solution_stubs_sources_and_clears_outputs():
    solution = solution_notebook()
    lesson = build.lesson_from_solution(solution)
    markdown, stubbed, plain = lesson["cells"]
    assert markdown["source"] == "# Title\ntext"
    assert stubbed["source"] == "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    assert plain["source"] == "1 + 1"
    for cell in (stubbed, plain):
        assert cell["outputs"] == [] and cell["execution_count"] is None
    assert stubbed["metadata"] == {"tags": ["nbval-ignore-output"]}  # tags survive
    assert [c["id"] for c in lesson["cells"]] == ["m1", "c1", "c2"]


def test_the_spanish_edition_gets_spanish_stubs_and_nothing_else_changes_language():
    import gdcourse.locale
    solution = {"cells": [{"cell_type": "code", "source": "def f(x):\n    ### BEGIN SOLUTION\n    return x\n"
                           "    ### END SOLUTION\n### BEGIN SOLUTION\nanswer = 3\n### END SOLUTION", "metadata": {},
                           "outputs": [], "execution_count": 1}], "metadata": {}}
    lesson = build.lesson_from_solution(solution, "es")
    assert lesson["cells"][0]["source"] == ("def f(x):\n    # TU CÓDIGO AQUÍ\n    raise NotImplementedError()\n"
                                            "answer = None  # TU RESPUESTA AQUÍ")
    assert gdcourse.locale.language() == "en"  # the build speaks Spanish only into the Spanish lesson


def test_lesson_from_solution_leaves_the_solution_untouched():
    solution = solution_notebook()
    before = copy.deepcopy(solution)
    build.lesson_from_solution(solution)
    assert solution == before


def test_lesson_from_solution_of_a_real_solution_has_no_solution_left():
    solutions = sorted(build.ROOT.glob("solutions/0[34]_*.ipynb"))
    assert solutions, "lessons 03 and 04 exist"
    for path in solutions:
        lesson = build.lesson_from_solution(build.read(path))
        text = "".join(cell["source"] for cell in lesson["cells"])
        assert build.BEGIN not in text and build.END not in text
        assert "raise NotImplementedError()" in text or "= None  # YOUR ANSWER HERE" in text


# --- clean ------------------------------------------------------------------------

def executed_notebook():
    notebook = solution_notebook()
    notebook["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    notebook["metadata"]["celltoolbar"] = "Tags"
    widget_output = {"output_type": "display_data", "metadata": {},
                     "data": {build.WIDGET_VIEW: {"model_id": "abc"}, "text/plain": "VBox(...)"}}
    slider_output = {"output_type": "display_data", "metadata": {},
                     "data": {build.WIDGET_VIEW: {"model_id": "def"}, "image/png": "iVBOR",
                              "text/plain": "step 0.05: after 20 iterations ..."}}
    png_output = {"output_type": "display_data", "metadata": {},
                  "data": {"image/png": "iVBOR", "text/plain": "<Figure size 640x480 with 1 Axes>"}}
    notebook["cells"][1]["outputs"] = [widget_output, slider_output, png_output]
    for cell in notebook["cells"]:
        cell["metadata"]["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00"}
    return notebook


def test_clean_drops_widget_state_and_notebook_metadata_noise():
    cleaned = build.clean(executed_notebook())
    assert cleaned["metadata"] == {"kernelspec": build.KERNELSPEC, "language_info": build.LANGUAGE_INFO}


def test_clean_keeps_the_python_version_the_kernel_wrote():  # JupyterLab writes it on opening: else "unsaved"
    notebook = executed_notebook()
    notebook["metadata"]["language_info"] = {**build.LANGUAGE_INFO, "version": "3.12.4", "name": "python"}
    assert build.clean(notebook)["metadata"]["language_info"] == {**build.LANGUAGE_INFO, "version": "3.12.4"}


def test_clean_drops_widget_views_but_keeps_other_outputs():
    cleaned = build.clean(executed_notebook())
    outputs = cleaned["cells"][1]["outputs"]
    assert [output["data"] for output in outputs] == [
        {"image/png": "iVBOR", "text/plain": "step 0.05: after 20 iterations ..."},  # a slider's fallback
        {"image/png": "iVBOR", "text/plain": "<Figure size 640x480 with 1 Axes>"}]
    assert cleaned["cells"][2]["outputs"][0]["data"] == {"text/plain": "2"}


def test_clean_drops_execution_timings_but_keeps_tags():
    cleaned = build.clean(executed_notebook())
    for cell in cleaned["cells"]:
        assert "execution" not in cell["metadata"]
    assert cleaned["cells"][1]["metadata"] == {"tags": ["nbval-ignore-output"]}


def test_clean_is_idempotent():
    once = build.clean(executed_notebook())
    assert build.clean(copy.deepcopy(once)) == once


def test_committed_notebooks_for_lessons_03_and_04_are_clean():
    for folder in ("solutions", "lessons"):
        for path in sorted(build.ROOT.glob(f"{folder}/0[34]_*.ipynb")):
            notebook = build.read(path)
            assert build.clean(copy.deepcopy(notebook)) == notebook, path
