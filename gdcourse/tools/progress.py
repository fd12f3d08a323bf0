"""\
How far a learner has got: each lesson of a workspace (default: my-work/) runs in a fresh kernel, and its checked
exercises and predictions (the cells that call checks.NAME(...)) are counted as passed, failed or not started.

The notebooks are only read: each runs as a copy in memory, in an empty temporary folder, with a time limit.
--json prints the rows for an instructor to collect, one file per learner; --collect DIR sums a folder of such
files into one table, one row per lesson. Nothing goes over the network.

examples:
  python -m gdcourse progress                        the lessons in my-work/
  python -m gdcourse progress --json > alice.json    one learner's rows, to hand in
  python -m gdcourse progress --collect class/       the whole class, from class/*.json
"""
import argparse
import collections
import json
import logging
import pathlib
import re
import subprocess
import tempfile
import time

from gdcourse.tools import merging, workspace

MIME = "application/x-gdcourse-check+json"  # what the recorder shows for each check it saw answer
CHECK_CALL = re.compile(r"\bchecks\.([A-Za-z_]\w*)\s*\(")
LESSON = re.compile(r"[0-9]{2}_\w+\.ipynb")  # 01_squared_error.ipynb; not NAME.backup-DATE.ipynb
RECORDER = '''\
def _gdcourse_progress(names):  # added by `python -m gdcourse progress` to the copy it runs
    import functools
    from IPython.display import display
    from gdcourse import checks

    def recorded(name, check):
        @functools.wraps(check)
        def run(*args, **kwargs):
            result = check(*args, **kwargs)
            display({%r: {"check": name, "status": getattr(result, "status", "fail")}}, raw=True)
            return result
        return run
    for name in names:
        if callable(getattr(checks, name, None)):
            setattr(checks, name, recorded(name, getattr(checks, name)))
_gdcourse_progress(%r)
del _gdcourse_progress'''


def lessons_in(folder):
    """The workspace's lessons: its NN_name.ipynb files, and those its record lists though they were deleted."""
    entries, _ = workspace.read_manifest(folder)
    names = {p.name for p in folder.glob("*.ipynb")} | set(entries)
    return [folder / name for name in sorted(names) if LESSON.fullmatch(name)]


def execute(notebook, timeout):
    """Run ``notebook`` (changed in place) in a fresh kernel; None, or why it did not run to the end."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    quiet = logging.getLogger("gdcourse.progress")
    quiet.setLevel(logging.CRITICAL + 1)  # a time-out is reported in the table, not logged
    deadline = []  # set when the first cell starts: starting the kernel does not count

    def remaining(cell):
        deadline[:] = deadline or [time.monotonic() + timeout]
        return max(deadline[0] - time.monotonic(), 0.01)

    with tempfile.TemporaryDirectory() as cwd:
        client = NotebookClient(notebook, kernel_name="python3", allow_errors=True, log=quiet,
                                timeout_func=remaining, resources={"metadata": {"path": cwd}})
        try:
            client.execute(stderr=subprocess.DEVNULL)  # the kernel's own warnings stay out of the table
        except CellTimeoutError:
            ran = [c for c in notebook.cells[1:] if c.cell_type == "code" and c.execution_count is not None]
            where = f"; it was running {merging.first_line(ran[-1])}" if ran else ""
            return f"did not finish within {timeout:g} s{where}"
        except DeadKernelError:
            return "its kernel died while running it"
        except Exception as error:  # noqa: BLE001 - no kernel, a bad kernelspec...: one line, never a traceback
            return f"could not be run: {type(error).__name__}: {error}"
    return None


def run_lesson(path, timeout):
    """One row: ``{"lesson", "passed", "failed", "not_started", "total", "next"}``, plus "problem" when it did not
    run to the end (then only the checks that answered count). A check that never answered because a cell raised
    first counts as failed."""
    from nbformat.v4 import new_code_cell
    row = {"lesson": path.stem, "passed": 0, "failed": 0, "not_started": 0, "total": 0, "next": None}
    if not path.is_file():
        return {**row, "problem": "deleted; `python -m gdcourse workspace` brings it back"}
    notebook = merging.read(path.read_bytes())
    if notebook is None:
        return {**row, "problem": "not a notebook that can be read"}
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    names = list(dict.fromkeys(name for cell in code for name in CHECK_CALL.findall(cell.source)))
    for cell in code:
        cell.outputs, cell.execution_count = [], None
    notebook.cells.insert(0, new_code_cell(RECORDER % (MIME, names)))
    problem = execute(notebook, timeout)
    outputs = [(cell, output) for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    status = {seen["check"]: seen["status"] for _, output in outputs
              if isinstance(seen := output.get("data", {}).get(MIME), dict)}
    errors = [(cell, output) for cell, output in outputs if output.output_type == "error"]
    if not status and errors and problem is None:  # nothing answered: the lesson stopped before its first check
        cell, error = errors[0]
        where = "setting up gdcourse" if cell is notebook.cells[0] else merging.first_line(cell)
        problem = f"could not run: {where} raised {error.ename}: {error.evalue}"
    counts = collections.Counter(status.get(name, None if problem else "fail") for name in names)
    row.update(passed=counts["pass"], failed=counts["fail"], not_started=counts["todo"], total=len(names),
               next=next((name for name in names if status.get(name) != "pass"), None))
    return {**row, "problem": problem} if problem else row


def table(titles, rows):
    """Aligned text: names to the left, numbers to the right, the last column as it is; a row of two items (a
    lesson and why it did not run) says so in place of its numbers."""
    widths = [max(len(str(x)) for x in column) for column in zip(titles, *(r for r in rows if len(r) == len(titles)))]
    widths[0] = max(len(str(row[0])) for row in [titles, *rows])

    def line(row):
        if len(row) < len(titles):
            return f"{row[0]:<{widths[0]}}  {row[1]}"
        cells = [f"{row[0]:<{widths[0]}}", *(f"{v:>{w}}" for v, w in zip(row[1:-1], widths[1:-1])), str(row[-1])]
        return "  ".join(cells).rstrip()
    return "\n".join(line(row) for row in [titles, *rows])


def report(rows):
    shown = [(r["lesson"], r["problem"]) if r.get("problem") else
             (r["lesson"], f"{r['passed']} of {r['total']}", r["failed"], r["not_started"], r["next"] or "all done")
             for r in rows]
    passed, total = sum(r["passed"] for r in rows), sum(r["total"] for r in rows)
    return (table(("lesson", "passed", "failed", "not started", "next"), shown)
            + f"\nIn all: {passed} of {total} checked exercises and predictions pass.")


def collect(directory):
    """One row per lesson, summed over a folder of ``--json`` files: ``(lines, number of files skipped)``."""
    sums, stuck, learners, skipped = {}, {}, 0, []
    for path in sorted(directory.glob("*.json")):
        try:  # per row: passed, failed, not started, total, learners, could not run; and what is next
            rows = [(str(r["lesson"]), [int(r.get(k) or 0) for k in ("passed", "failed", "not_started", "total")]
                     + [1, int(bool(r.get("problem")))], r.get("next"))
                    for r in json.loads(path.read_text(encoding="utf-8"))["lessons"]]
        except (OSError, ValueError, LookupError, TypeError, AttributeError) as error:
            skipped.append(f"skipped {path.name}: not a file of `progress --json` ({type(error).__name__})")
            continue
        learners += 1
        for lesson, numbers, upcoming in rows:
            sums[lesson] = [a + b for a, b in zip(sums.get(lesson, [0] * 6), numbers)]
            if upcoming and not numbers[-1]:
                stuck.setdefault(lesson, collections.Counter())[str(upcoming)] += 1
    shown = [(lesson, n[4], f"{n[0]} of {n[3]}", n[1], n[2], n[5],
              ", ".join(f"{name} ({count})" for name, count in stuck.get(lesson, collections.Counter()).most_common(3)))
             for lesson, n in sorted(sums.items())]
    titles = ("lesson", "learners", "passed", "failed", "not started", "could not run", "most often next (learners)")
    head = [f"{learners} learner(s), from {directory}"]
    return head + ([table(titles, shown)] if shown else []) + skipped, len(skipped)


def main(argv=None):
    """The command: 0 (done), 1 (a --collect file was skipped) or 2 (a usage error)."""
    parser = argparse.ArgumentParser(prog="python -m gdcourse progress", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=workspace.FOLDERS["en"],
                        help="the learner's workspace (default: my-work)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON, to collect later")
    parser.add_argument("--collect", metavar="DIR", help="sum the --json files in DIR into one table")
    parser.add_argument("--timeout", metavar="S", type=float, default=120.0,
                        help="seconds each lesson may run (default: 120)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help (0) or a bad option (2); argparse has printed why
        return stop.code if isinstance(stop.code, int) else workspace.USAGE_ERROR
    if args.collect:
        directory = pathlib.Path(args.collect).expanduser()
        if not directory.is_dir():
            print(f"There is no folder {directory} to collect from.")
            return workspace.USAGE_ERROR
        lines, skipped = collect(directory)
        print("\n".join(lines))
        return workspace.PROBLEM if skipped else workspace.OK
    folder = pathlib.Path(args.folder).expanduser()
    if not args.timeout > 0:
        print(f"--timeout must be a number of seconds above 0, got {args.timeout:g}.")
        return workspace.USAGE_ERROR
    if not folder.is_dir() or not lessons_in(folder):
        print(f"No lessons found in {folder}. `python -m gdcourse workspace {folder}` copies them there.")
        return workspace.USAGE_ERROR
    if not args.json:
        print(f"Progress in {folder} (each lesson runs in a fresh kernel, for at most {args.timeout:g} s):")
    rows = [run_lesson(path, args.timeout) for path in lessons_in(folder)]
    print(json.dumps({"lessons": rows}, indent=1) if args.json else report(rows))
    return workspace.OK
