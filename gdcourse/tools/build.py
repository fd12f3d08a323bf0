"""Maintainers: write lessons/ from solutions/, then execute every notebook (``python -m gdcourse build [NN ...]``).

Between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` the learner's code becomes ``raise NotImplementedError()``
in a function (the checks say "not done yet") and ``name = None`` for each ``name = ...`` at the top level.
The Spanish edition is made the same way from solutions/NN_name.ipynb and its translation solutions/es/NN_name.po
(see gdcourse.tools.translate): solutions/es/ and lessons/es/. A lesson whose translation is unfinished is not
built in Spanish (the command says which and fails), unless --allow-untranslated keeps the English of those cells."""
import argparse
import copy
import json
import os
import pathlib
import subprocess
import re

from gdcourse.locale import N_, catalogue

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
ROOT = pathlib.Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LANGUAGE_INFO = {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                 "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                 "pygments_lexer": "ipython3"}
CODE_HERE, ANSWER_HERE = N_("# YOUR CODE HERE"), N_("# YOUR ANSWER HERE")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def stub_source(source, language="en"):
    """Replace every marked solution region in one cell's source with a stub (its comment in ``language``)."""
    out, region, indent = [], None, ""
    for line in source.splitlines():
        if line.strip() == BEGIN:
            region, indent = [], line[: len(line) - len(line.lstrip())]
        elif line.strip() == END:
            if region is None:
                raise ValueError(f"{END} without {BEGIN}")
            out += _stub(region, indent, language)
            region = None
        else:
            (out if region is None else region).append(line)
    if region is not None:
        raise ValueError(f"{BEGIN} without {END}")
    return "\n".join(out)


def _stub(region, indent, language):
    code, answer = (catalogue(language).get(m.template, m.template) for m in (CODE_HERE, ANSWER_HERE))
    if indent:  # inside a function or loop body
        return [f"{indent}{code}", f"{indent}raise NotImplementedError()"]
    names = dict.fromkeys(m.group(1) for m in (re.match(r"^([A-Za-z_]\w*)\s*=(?!=)", line) for line in region) if m)
    return [f"{name} = None  {answer}" for name in names] or [code]


def lesson_from_solution(solution, language="en"):
    """The student notebook (unexecuted) for a solution notebook (a dict) in ``language``."""
    lesson = copy.deepcopy(solution)
    for cell in lesson["cells"]:
        cell["source"] = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code":
            cell["source"] = stub_source(cell["source"], language)
            cell["outputs"], cell["execution_count"] = [], None
    return lesson


def clean(notebook):
    """Drop widget state, execution timings and live widgets' views (a slider keeps its picture and caption).

    The kernel's Python version stays: JupyterLab writes it on opening, and a lesson without it opens unsaved."""
    version = notebook["metadata"].get("language_info", {}).get("version")
    notebook["metadata"] = {"kernelspec": KERNELSPEC, "language_info": {**LANGUAGE_INFO, "version": version}
                            if isinstance(version, str) else LANGUAGE_INFO}
    for cell in notebook["cells"]:
        cell["metadata"].pop("execution", None)
        if cell["cell_type"] == "code":
            cell["outputs"] = [o for o in cell["outputs"] if not _only_a_widget(o)]
    return notebook


def _only_a_widget(output):  # drops the output's widget view; True when only its repr text is left
    data = output.get("data", {})
    return data.pop(WIDGET_VIEW, None) is not None and set(data) <= {"text/plain"}


def read(path):
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))


def write(path, notebook):
    pathlib.Path(path).write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m gdcourse build", description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="*", help="lesson number prefixes, e.g. 03 (default: all)")
    parser.add_argument("--no-execute", action="store_true", help="write lessons/ but run nothing")
    parser.add_argument("--allow-untranslated", action="store_true", help="build the Spanish edition even from an "
                        "unfinished translation, its untranslated cells in English: a preview, never to commit")
    args = parser.parse_args(argv)
    from gdcourse.tools import translate
    refused = []
    for solution in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")):
        if args.only and not any(solution.name.startswith(o) for o in args.only):
            continue
        lesson = ROOT / "lessons" / solution.name
        built = [(solution, lesson)]
        po = translate.po_path(solution)
        try:
            spanish = translate.translated(read(solution), translate.read_po(po) if po.exists() else [],
                                           solution.stem, args.allow_untranslated)
            built.append((ROOT / "solutions" / "es" / solution.name, ROOT / "lessons" / "es" / solution.name))
            built[1][0].parent.mkdir(exist_ok=True)
            write(built[1][0], clean(spanish))
        except translate.Untranslated as problem:
            refused.append(str(problem))
        for (solution_path, lesson_path), language in zip(built, ("en", "es")):
            lesson_path.parent.mkdir(exist_ok=True)
            write(lesson_path, clean(lesson_from_solution(read(solution_path), language)))
            print(f"wrote {lesson_path.relative_to(ROOT)}")
            if not args.no_execute:
                execute(solution_path, lesson_path)
    for problem in refused:
        print(f"not built in Spanish: {problem}")
    return 1 if refused else 0


def run(path, **env):
    """The notebook at ``path`` run top to bottom in a fresh kernel (its own log kept quiet); ``env``: more variables."""
    import nbformat
    from nbclient import NotebookClient
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
                   ).execute(env={**os.environ, **env}, stderr=subprocess.DEVNULL)
    return notebook


def execute(*paths):
    """Run each notebook top to bottom in a fresh kernel, and store it cleaned."""
    for path in paths:
        write(path, clean(run(path)))
        print(f"executed {path.relative_to(ROOT)}")
