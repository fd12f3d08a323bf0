"""Maintainers: write lessons/ from solutions/, then execute every notebook.

    python -m gdcourse build            # all notebooks
    python -m gdcourse build 03 04      # only lessons whose name starts with 03 or 04
    python -m gdcourse build --no-execute

solutions/ is the single source (d2l's discipline). In a solution, the code a
learner should write sits between nbgrader-style markers::

    def squared_error(prediction, true_value):
        ### BEGIN SOLUTION
        return (prediction - true_value) ** 2
        ### END SOLUTION

Inside a function the region becomes ``raise NotImplementedError()``, which
the checks report as "not done yet", so Run All never stops at a stub. At the
top level each ``name = ...`` line becomes ``name = None``. Never edit a file
in lessons/ by hand: the next build overwrites it, and a test fails when a
lesson differs from what the build makes of its solution.
"""
import argparse
import copy
import json
import pathlib
import re
import sys

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
ROOT = pathlib.Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
    "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def stub_source(source):
    """Replace every marked solution region in one cell's source with a stub."""
    out, region, indent = [], None, ""
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == BEGIN:
            region, indent = [], line[: len(line) - len(line.lstrip())]
        elif stripped == END:
            if region is None:
                raise ValueError(f"{END} without {BEGIN}")
            out.extend(_stub(region, indent))
            region = None
        elif region is not None:
            region.append(line)
        else:
            out.append(line)
    if region is not None:
        raise ValueError(f"{BEGIN} without {END}")
    return "\n".join(out)


def _stub(region, indent):
    if indent:  # inside a function or loop body
        return [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError()"]
    names = []
    for line in region:
        match = re.match(r"^([A-Za-z_]\w*)\s*=(?!=)", line)
        if match and match.group(1) not in names:
            names.append(match.group(1))
    if not names:
        return ["# YOUR CODE HERE"]
    return [f"{name} = None  # YOUR ANSWER HERE" for name in names]


def lesson_from_solution(solution):
    """The student notebook (unexecuted) for a solution notebook (a dict)."""
    lesson = copy.deepcopy(solution)
    for cell in lesson["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code":
            cell["source"] = stub_source(source)
            cell["outputs"], cell["execution_count"] = [], None
        else:
            cell["source"] = source
    return lesson


def clean(notebook):
    """Drop what must not be committed: widget state, execution timings, widget views.

    A slider's output keeps its picture and caption (what a page without a
    kernel shows); only the view of the live widget, dead without one, goes.
    """
    notebook["metadata"] = {"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO}
    for cell in notebook["cells"]:
        cell["metadata"].pop("execution", None)
        if cell["cell_type"] == "code":
            cell["outputs"] = [o for o in cell["outputs"] if _without_widget_view(o)]
    return notebook


def _without_widget_view(output):
    """The output less its widget view; None for a widget whose only other part is its repr text."""
    data = output.get("data", {})
    if data.pop(WIDGET_VIEW, None) is not None and set(data) <= {"text/plain"}:
        return None
    return output


def execute(path, timeout=120):
    """Run a notebook top to bottom in a fresh kernel and save it cleaned."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    write(path, clean(notebook))


def read(path):
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))


def write(path, notebook):
    pathlib.Path(path).write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m gdcourse build", description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="*", help="lesson number prefixes, e.g. 03 (default: all)")
    parser.add_argument("--no-execute", action="store_true", help="write lessons/ but run nothing")
    args = parser.parse_args(argv)

    solutions = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
    if args.only:
        solutions = [p for p in solutions if any(p.name.startswith(o) for o in args.only)]
    for solution_path in solutions:
        lesson_path = ROOT / "lessons" / solution_path.name
        write(lesson_path, clean(lesson_from_solution(read(solution_path))))
        print(f"wrote {lesson_path.relative_to(ROOT)}")
        if not args.no_execute:
            for path in (solution_path, lesson_path):
                execute(path)
                print(f"executed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
