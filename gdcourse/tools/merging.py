"""What a learner wrote in a lesson, and the three-way merge that brings in the course's changes without losing it.

What the learner wrote is the sources of the cells, read as nbformat reads them and matched by cell id: outputs,
execution counts, metadata and JSON formatting do not count, so opening, running or saving a lesson in JupyterLab
(which rewrites each source as a list of lines) changes nothing. The merge is nbdime's; a cell that both the learner
and the course changed keeps the learner's source, whole."""
import argparse
import json
import sys
import warnings

# nbdime's strategies on a conflict: the learner's side wins; outputs that both sides changed go (run the cell again).
MERGE_OPTIONS = argparse.Namespace(merge_strategy="use-local", input_strategy=None, output_strategy="clear-all",
                                   ignore_transients=True, log_level="WARNING")


def read(data):
    """The notebook in ``data`` (bytes) as nbformat reads it, or None when it is not one."""
    import nbformat
    try:
        with warnings.catch_warnings():  # a notebook without cell ids gets new ones, with a warning
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
        return notebook if isinstance(notebook.get("cells"), list) else None
    except (ValueError, LookupError, TypeError, AttributeError):  # not UTF-8, not JSON, not a notebook
        return None


def written(notebook):
    """``{cell id: (cell type, source)}`` in cell order: what the learner wrote."""
    return {cell.get("id"): (cell.get("cell_type"), cell.get("source")) for cell in notebook.cells}


def same_text(a, b):
    """True when two notebooks (bytes) hold the same cells with the same sources, in the same order."""
    a, b = read(a), read(b)
    return a is not None and b is not None and list(written(a).items()) == list(written(b).items())


def merge(base, mine, course):
    """Merge ``course``'s changes since ``base`` into ``mine`` (notebooks): ``(merged, ids of the cells both
    changed)``, or None when the merge would lose or garble anything the learner wrote."""
    import nbformat
    from nbdime.merging import merge_notebooks
    old, yours, new = written(base), written(mine), written(course)
    both = [i for i, cell in yours.items() if i in old and cell != old[i] and new.get(i) not in (old[i], cell)]
    try:
        merged, _ = merge_notebooks(base, mine, course, MERGE_OPTIONS)
        nbformat.validate(merged)
    except Exception:  # noqa: BLE001 - nbdime may refuse an odd notebook in many ways; the caller keeps it whole
        return None
    for cell in merged.cells:
        if cell.get("id") in both:  # nbdime merges one source line by line: here the learner's cell wins whole
            cell.source = yours[cell.id][1]
    ids, kept = [cell.get("id") for cell in merged.cells], written(merged)
    if len(set(ids)) != len(ids) or any(kept.get(i) != cell for i, cell in yours.items() if old.get(i) != cell):
        return None  # the safety net: every cell the learner wrote or changed is there, word for word
    return merged, both


def first_line(cell, width=60):
    """How a message names a cell: its first line, quoted."""
    line = (cell.source.strip().splitlines() or [""])[0]
    return f"`{line[:width]}…`" if len(line) > width else f"`{line}`"


def to_bytes(notebook):
    import nbformat
    return nbformat.writes(notebook).encode("utf-8") + b"\n"


def for_this_python(data):
    """The course's notebook with the ``language_info.version`` that a kernel of this Python fills in when the
    lesson opens (ipykernel's ``sys.version.split()[0]``): otherwise JupyterLab marks the lesson unsaved at once."""
    version = sys.version.split()[0]
    try:
        notebook = json.loads(data)
        info = notebook["metadata"]["language_info"]
        if info.get("name") != "python" or info.get("version") == version:
            return data
    except (ValueError, LookupError, TypeError, AttributeError):
        return data
    info["version"] = version  # written as the build writes notebooks, so nothing else changes
    return (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
