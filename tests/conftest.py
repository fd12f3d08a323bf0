"""Shared pytest set-up: every notebook cell runs twice under strict nbval.

``pytest --nbval`` does "Restart & Run All": each notebook runs top to bottom
in a fresh kernel and every output is compared with the stored one. A
learner also re-runs cells: they run a cell, look, and run it again. So each
nbval cell item runs its cell a second time, right after the first, in the
same kernel, and strict nbval compares that second run's outputs with the
stored ones too. A cell like ``w = w - alpha * slope``, which moves on every
run, fails here ("second run"); it should start from a fixed value.

This gives the re-run check without executing every notebook once more.
The second run compares text, as strict nbval does, so it skips turning
figures into PNGs: the first run has already drawn every figure (a mistake
that only shows when a figure is drawn fails there), and drawing is most of
a notebook's time.
In solutions/ only the cells that differ from the lesson (the answers) run
twice: every other cell is the lesson's own code, already run twice there.
Likewise the Spanish edition (lessons/es/, solutions/es/): every Spanish
notebook runs top to bottom under strict nbval, but only its cells that differ
from the English ones (translated comments and printed text, the line that
chooses Spanish) run twice; a code cell the two editions share runs twice in
English. A cell's second run is left out only when the notebook that runs it
twice is collected too.
It applies whenever tests/ is collected, as the README's ``python -m pytest``
does; ``python -m pytest lessons`` alone is plain strict nbval.
"""
import pathlib

import pytest as _pytest

ORDER = ("lessons", "solutions", "lessons/es", "solutions/es")  # a shared cell runs twice in the first of these


def pytest_collection_modifyitems(items):
    cells = [item for item in items if type(item).__name__ == "IPyNbCell"]
    collected, sources = {pathlib.Path(item.path) for item in cells}, {}
    for item in cells:
        for twin in earlier_twins(pathlib.Path(item.path)):
            if twin in collected and twin not in sources:
                sources[twin] = code_sources(twin)
        if not any(item.cell.source in sources.get(twin, ()) for twin in earlier_twins(pathlib.Path(item.path))):
            item.runtest = run_twice(item, item.runtest)


def earlier_twins(path):
    """The same lesson's notebooks that come before ``path`` in ORDER (none for lessons/ or a notebook elsewhere)."""
    repo = path.parents[2] if path.parent.name == "es" else path.parents[1]
    where = path.parent.relative_to(repo).as_posix()
    return [repo / folder / path.name for folder in ORDER[:ORDER.index(where)]] if where in ORDER else []


def code_sources(path):
    """The source of every code cell of a notebook."""
    import nbtools
    return {nbtools.source(cell) for _, cell in nbtools.code_cells(nbtools.read(path))}


def run_twice(item, runtest):
    """One nbval cell, then the same again, reported as the second run if that one fails."""
    import copy

    from nbval.plugin import NbCellError

    stored = copy.deepcopy(item.cell.outputs)  # nbval's stream merging edits the stored outputs in place

    def runtest_twice():
        runtest()
        item.cell.outputs = copy.deepcopy(stored)
        kernel = item.parent.kernel
        quietly(kernel, FIGURES_AS_TEXT)
        try:
            runtest()
        except NbCellError as error:
            raise NbCellError(error.cell_num, f"second run of the cell (a learner re-running it): {error}",
                              error.source, error.inner_traceback) from None
        finally:
            if kernel.is_alive():
                quietly(kernel, FIGURES_AS_PICTURES)

    return runtest_twice


# Run in the notebook's kernel around the second run: a matplotlib Figure shows as its text
# ("<Figure size 640x480 with 1 Axes>", what nbval compares) without being drawn, then as before.
FIGURES_AS_TEXT = """
import sys as _sys
_gdcourse_formatters = {}
if "matplotlib.figure" in _sys.modules:
    for _mime, _formatter in get_ipython().display_formatter.formatters.items():
        if _mime.startswith("image/") or _mime == "application/pdf":
            _gdcourse_formatters[_mime] = _formatter.pop(_sys.modules["matplotlib.figure"].Figure, None)
"""
FIGURES_AS_PICTURES = """
for _mime, _function in _gdcourse_formatters.items():
    if _function is not None:
        get_ipython().display_formatter.formatters[_mime].for_type(_sys.modules["matplotlib.figure"].Figure, _function)
del _gdcourse_formatters
"""


def quietly(kernel, code, timeout=60):
    """Run ``code`` in nbval's kernel: no outputs, no execution count, not in the cell's results."""
    msg_id = kernel.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
    kernel.await_reply(msg_id, timeout=timeout)


@_pytest.fixture(autouse=True)
def _speaks_english_after():
    """A test that switches gdcourse to another language must switch it back: the next test in this process
    would otherwise read Spanish where it expects English. This fails the leaking test, not the next one."""
    yield
    import gdcourse.locale
    if gdcourse.locale.language() != "en":
        gdcourse.locale.use_language("en")
        _pytest.fail("this test left gdcourse speaking another language: call use_language('en') at its end")
