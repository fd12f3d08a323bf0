"""Maintainers: the Spanish edition from the one English source (``python -m gdcourse translate [NN ...]``).

Each lesson's translation is ``solutions/es/NN_name.po``, a PO file with one entry per cell of the English solution:
msgctxt is the cell id, msgid the English source, msgstr the Spanish. The package's messages are
``gdcourse/locale/es.po``, keyed by the English templates of the ``_()`` and ``N_()`` calls in the code.

This command brings the PO files up to date the gettext way: a changed English cell gets its new msgid, keeps its old
translation and is marked fuzzy, with the English it was translated from as ``#| msgid``; a translator reviews it and
removes the fuzzy flag. A new cell gets an empty entry; a removed cell's entry becomes obsolete (``#~``).
``--messages`` does the same for the message catalogue. Until every entry is translated and reviewed the drift test
fails, and the build leaves that lesson's Spanish edition alone."""
import argparse
import ast
import copy
import pathlib
import string

from gdcourse.tools.build import ROOT, read

LANGUAGE = "es"
CATALOGUE = ROOT / "gdcourse" / "locale" / f"{LANGUAGE}.po"
# The first code cell of a Spanish notebook starts with these lines (the build adds them).
SPEAK = 'import gdcourse\ngdcourse.use_language("es")  # comprobaciones, mensajes y gráficas en español\n'


def po_path(solution, language=LANGUAGE):
    """``solutions/es/NN_name.po`` for ``solutions/NN_name.ipynb``."""
    return pathlib.Path(solution).parent / language / f"{pathlib.Path(solution).stem}.po"


def read_po(path):
    import polib
    return polib.pofile(str(path), wrapwidth=0)


def new_po(project):
    import polib
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Project-Id-Version": project, "Language": LANGUAGE, "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
    return po


def cells(notebook):
    """``[(cell id, English source, cell type)]``: what a lesson's PO file holds, in order."""
    return [(c["id"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"], c["cell_type"])
            for c in notebook["cells"]]


def _key(entry):  # a lesson's entries are keyed by cell id, the catalogue's by their English template
    return entry.msgid if entry.msgctxt is None else entry.msgctxt


def ready(entry, msgid):
    """Is ``entry`` a reviewed translation of ``msgid``? (An empty English cell needs no words.)"""
    return entry is not None and entry.msgid == msgid and not entry.fuzzy and (entry.msgstr != "" or msgid == "")


def merge(po, wanted):
    """Bring ``po`` up to date with ``wanted``, ``[(msgctxt or None, msgid, comment)]`` in order, as msgmerge would."""
    import polib
    old = {_key(e): e for e in po}
    kept = []
    for context, msgid, comment in wanted:
        entry = old.pop(msgid if context is None else context, None) or polib.POEntry(msgctxt=context, msgid=msgid)
        if entry.msgid != msgid:
            if entry.msgstr and not entry.fuzzy:
                entry.previous_msgid = entry.msgid  # the English this translation was made from
                entry.flags.append("fuzzy")
            entry.msgid = msgid
        entry.obsolete, entry.comment = False, comment
        kept.append(entry)
    for entry in old.values():
        entry.obsolete = True
    po[:] = kept + list(old.values())
    return po


def problems(notebook, po):
    """Sentences naming the cells whose translation is missing, stale, fuzzy or untranslated, and orphan entries."""
    entries = {_key(e): e for e in po if not e.obsolete}
    found = {"no entry (a new cell)": [], "the English changed since it was translated": [],
             "fuzzy (to review, then remove the flag)": [], "not translated yet": []}
    for cell_id, source, _kind in cells(notebook):
        entry = entries.pop(cell_id, None)
        if not ready(entry, source):
            kind = ("no entry (a new cell)" if entry is None else "the English changed since it was translated"
                    if entry.msgid != source else "fuzzy (to review, then remove the flag)" if entry.fuzzy
                    else "not translated yet")
            found[kind].append(cell_id)
    found["an entry whose cell no longer exists"] = list(entries)
    return [f"{what}: cells {', '.join(ids)}" for what, ids in found.items() if ids]


class Untranslated(Exception):
    """A lesson whose translation is not complete: the build will not make its Spanish edition."""


def translated(solution, po, name="", allow_untranslated=False):
    """The Spanish solution notebook: each cell's source is its reviewed msgstr, the first code cell speaks Spanish.
    Cells not translated yet raise ``Untranslated``, or with ``allow_untranslated`` stay English (a preview)."""
    entries = {_key(e): e for e in po if not e.obsolete}
    missing = [cid for cid, source, _kind in cells(solution) if not ready(entries.get(cid), source)]
    if missing and not allow_untranslated:
        raise Untranslated(f"{name}: {len(missing)} of {len(solution['cells'])} cells are not translated or not "
                           f"reviewed ({', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}); run "
                           "`python -m gdcourse translate` and finish the PO file (or preview: --allow-untranslated)")
    notebook = copy.deepcopy(solution)
    for cell in notebook["cells"]:
        if cell["id"] not in missing:
            cell["source"] = entries[cell["id"]].msgstr
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    first = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    first["source"] = SPEAK + "".join(first["source"])
    return notebook


# --- the message catalogue ---------------------------------------------------------------------------------

def templates(folder=ROOT / "gdcourse"):
    """``{template: [(file, line, keyword names or None for **fields)]}`` of every ``_("...")`` and ``N_("...")``
    in the package, and the places whose template is not one literal string (no catalogue can hold those)."""
    found, bad = {}, []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_"):
                where = (path.relative_to(ROOT).as_posix(), node.lineno)
                if len(node.args) == 1 and isinstance(getattr(node.args[0], "value", None), str):
                    names = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
                    found.setdefault(node.args[0].value, []).append((*where, names))
                else:
                    bad.append(where)
    return found, bad


def fields(template):
    """The ``{fields}`` of a template as written, e.g. ``{"{value:.6g}", "{name}"}``."""
    return {"{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            for _text, name, spec, conversion in string.Formatter().parse(template) if name is not None}


def catalogue_problems(po, found):
    """Sentences: templates with no reviewed translation, translations whose fields differ, stale entries."""
    entries = {e.msgid: e for e in po if not e.obsolete}
    out = [f"no reviewed translation: {t!r}" for t in found if not ready(entries.get(t), t)]
    out += [f"the fields differ ({sorted(fields(t))} in English, {sorted(fields(entries[t].msgstr))}): {t!r}"
            for t in found if ready(entries.get(t), t) and fields(t) != fields(entries[t].msgstr)]
    return out + [f"stale: no code uses {m!r}" for m in entries if m not in found]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m gdcourse translate", description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="*", help="lesson number prefixes, e.g. 03 (default: all)")
    parser.add_argument("--messages", action="store_true", help="update gdcourse/locale/es.po instead")
    args = parser.parse_args(argv)
    if args.messages:
        found, _bad = templates()
        po = read_po(CATALOGUE) if CATALOGUE.exists() else new_po("gdcourse messages")
        wanted = [(None, t, ", ".join(sorted({f for f, *_rest in places})))
                  for t, places in sorted(found.items(), key=lambda item: item[1][0][:2])]  # in the code's order
        merge(po, wanted).save(str(CATALOGUE))
        left = catalogue_problems(po, found)
        print(f"updated {CATALOGUE.relative_to(ROOT)}: "
              + (f"{len(left)} to do, e.g. {left[0]}" if left else "complete"))
        return 0
    for solution in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")):
        if args.only and not any(solution.name.startswith(o) for o in args.only):
            continue
        path, notebook = po_path(solution), read(solution)
        po = read_po(path) if path.exists() else new_po(f"gdcourse {solution.stem}")
        path.parent.mkdir(exist_ok=True)
        merge(po, cells(notebook)).save(str(path))
        left = problems(notebook, po)
        print(f"updated {path.relative_to(ROOT)}" + (f": {'; '.join(left)}" if left else ": complete"))
    return 0
