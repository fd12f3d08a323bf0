"""\
Write the lessons as HTML pages that work offline: `python -m gdcourse export DIR [NN ...]`.

Each lesson runs in a fresh kernel, every slider picture is drawn, and the page goes to DIR/NN_name.html
with its pictures beside it (DIR/NN_name_files/). In the pages the sliders move with no kernel and the
formulas render with the MathJax copy in DIR/mathjax/; nothing is fetched from the network. Open
DIR/index.html from a file (on a train), or put DIR on any static host. The Spanish edition, when
lessons/es/ exists, goes to DIR/es/. DIR must be new, empty, or an earlier export: nothing else is overwritten.
"""
import argparse
import base64
import html
import json
import pathlib
import shutil
import sys

from gdcourse.pictures.frames import FRAMES, HERE as PICTURES, frame_key
from gdcourse.tools.build import ROOT, WIDGET_VIEW, run

MARK = ".gdcourse-export"  # an export's folder holds this file; any other non-empty folder is left alone
MATHJAX = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"


def unpack_sliders(notebook, folder):
    """Each slider output becomes its starting picture plus its data; the pictures are files in ``folder``."""
    count = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            data.pop(WIDGET_VIEW, None)
            state = data.pop(FRAMES, None)
            if state is None:
                continue
            count += 1
            folder.mkdir(parents=True, exist_ok=True)
            for key, frame in state["frames"].items():
                name = f"slider{count}_{key.replace(',', '-')}.png"
                (folder / name).write_bytes(base64.b64decode(frame.pop("png")))
                frame["url"] = f"{folder.name}/{name}"
            start = state["frames"][frame_key(state["index"])]
            data.pop("image/png", None)
            text = json.dumps(state, ensure_ascii=False).replace("</", "<\\/")  # never ends the <script>
            data["text/html"] = (f'<img src="{html.escape(start["url"])}" alt="{html.escape(start["caption"])}">'
                                 f'<script type="application/json" class="gd-slider-data">{text}</script>')
    return count


def page(notebook, root):
    """The HTML of one lesson; ``root`` leads from the page to DIR ("" or "../")."""
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(template_file=str(pathlib.Path(__file__).with_name("export_page.html.j2")),
                            mathjax_url=root + MATHJAX)
    resources = {"gdcourse_script": root + "gdcourse_slider.js"}
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    css = (PICTURES / "frame_slider.css").read_text(encoding="utf-8")
    return body.replace("</head>", f"<style>{css}</style>\n</head>", 1)


def title(notebook):
    first = next((c.source for c in notebook.cells if c.cell_type == "markdown"), "")
    return first.splitlines()[0].lstrip("# ").strip() if first else "lesson"


def shared_files(folder):
    """The slider script (the same render() as in JupyterLab) and MathJax, once per export."""
    module = (PICTURES / "frame_slider.js").read_text(encoding="utf-8")
    script = module.replace("export default { render };", "const gdcourseSlider = { render };")
    (folder / "gdcourse_slider.js").write_text(script + "\n" + (PICTURES / "frame_page.js").read_text(encoding="utf-8"),
                                                encoding="utf-8")
    if not (folder / "mathjax").exists():
        import jupyter_server_mathjax
        static = pathlib.Path(jupyter_server_mathjax.__file__).with_name("static")
        shutil.copytree(static, folder / "mathjax", ignore=shutil.ignore_patterns("localization", "unpacked"))


def export_edition(source, folder, root, only):
    """Every lesson of ``source`` as a page in ``folder``; their (file name, title) pairs."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for path in sorted(source.glob("[0-9][0-9]_*.ipynb")):
        if only and not path.name.startswith(tuple(only)):
            continue
        notebook = run(path, GDCOURSE_EXPORT="1")  # every slider picture drawn into the output
        files = folder / f"{path.stem}_files"
        shutil.rmtree(files, ignore_errors=True)
        sliders = unpack_sliders(notebook, files)
        (folder / f"{path.stem}.html").write_text(page(notebook, root), encoding="utf-8")
        pages.append((f"{path.stem}.html", title(notebook)))
        print(f"wrote {folder / path.stem}.html ({sliders} slider{'s' * (sliders != 1)})", flush=True)
    return pages


def index(editions):
    items = "".join(f"<h2>{html.escape(name)}</h2><ol>" + "".join(
        f'<li><a href="{html.escape(prefix + file)}">{html.escape(text)}</a></li>' for file, text in pages) + "</ol>"
        for name, prefix, pages in editions)
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>gdcourse</title></head>'
            f'<body style="font-family: sans-serif; max-width: 50em; margin: 2em auto">'
            f"<h1>gdcourse: gradient descent from first principles</h1>{items}</body></html>\n")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m gdcourse export", description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("folder", help="where the pages go")
    parser.add_argument("only", nargs="*", help="lesson number prefixes, e.g. 04 (default: every lesson)")
    args = parser.parse_args(argv)
    folder = pathlib.Path(args.folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir()) and not (folder / MARK).exists()):
        print(f"{folder} already holds other files: choose a new or empty folder (nothing was written)",
              file=sys.stderr)
        return 2
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARK).write_text("written by `python -m gdcourse export`; safe to delete with the folder\n")
    shared_files(folder)
    editions = [("English", "", export_edition(ROOT / "lessons", folder, "", args.only))]
    if (ROOT / "lessons" / "es").is_dir():
        editions.append(("Español", "es/", export_edition(ROOT / "lessons" / "es", folder / "es", "../", args.only)))
    (folder / "index.html").write_text(index(editions), encoding="utf-8")
    print(f"open {folder / 'index.html'} in a browser: no server and no network needed")
    return 0
