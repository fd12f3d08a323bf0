"""`python -m gdcourse export` without a browser: what it makes of a slider's output, and what it refuses.
The pages themselves are opened from file:// in tests/notebooks/test_export_browser.py."""
import base64
import json
import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from gdcourse.pictures.frames import FRAMES
from gdcourse.tools import export

PNG = b"\x89PNG\r\n\x1a\nfake"


def slider_output():
    frames = {f"{i},0": {"png": base64.b64encode(PNG + bytes([i])).decode(), "caption": f"value {i} </script>"}
              for i in range(3)}
    return new_output("display_data", data={
        "text/plain": "value 1", "image/png": base64.b64encode(PNG).decode(),
        "application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2, "version_minor": 1},
        FRAMES: {"controls": [{"description": "v", "labels": ["0", "1", "2"]}, {"description": "w", "labels": ["a"]}],
                 "index": [1, 0], "frames": frames}})


def test_a_slider_becomes_its_starting_picture_plus_its_data_and_picture_files(tmp_path):
    notebook = new_notebook(cells=[new_markdown_cell("# 05 · A title"), new_code_cell("slider", outputs=[slider_output()]),
                                   new_code_cell("print(1)", outputs=[new_output("stream", text="1\n")])])
    assert export.unpack_sliders(notebook, tmp_path / "05_x_files") == 1
    data = notebook.cells[1].outputs[0]["data"]
    assert set(data) == {"text/plain", "text/html"}  # no widget view, no second picture
    assert sorted(p.name for p in (tmp_path / "05_x_files").iterdir()) == [
        "slider1_0-0.png", "slider1_1-0.png", "slider1_2-0.png"]
    assert (tmp_path / "05_x_files" / "slider1_2-0.png").read_bytes() == PNG + bytes([2])
    html = data["text/html"]
    assert html.startswith('<img src="05_x_files/slider1_1-0.png" alt="value 1 &lt;/script&gt;">')
    text = re.search(r'<script type="application/json" class="gd-slider-data">(.*)</script>$', html, re.S).group(1)
    assert "</script>" not in text  # a caption can never end the data early
    state = json.loads(text)
    assert state["index"] == [1, 0] and state["frames"]["2,0"] == {"caption": "value 2 </script>",
                                                                   "url": "05_x_files/slider1_2-0.png"}
    assert export.title(notebook) == "05 · A title"


def test_a_page_loads_nothing_from_the_network(tmp_path):
    notebook = new_notebook(cells=[new_markdown_cell("# T\n\n$\\alpha$"), new_code_cell("slider", outputs=[slider_output()])])
    export.unpack_sliders(notebook, tmp_path / "t_files")
    page = export.page(nbformat.from_dict(notebook), "../")
    sources = re.findall(r'<(?:script|link|img)[^>]*(?:src|href)="([^"]+)"', page)
    assert sources and not [s for s in sources if re.match(r"(https?:)?//", s)], sources
    assert '<script src="../gdcourse_slider.js"></script>' in page
    assert "../mathjax/MathJax.js?config=" in page and ".gd-slider" in page  # the slider's style is inside


def test_the_shared_script_is_the_same_render_as_in_jupyterlab(tmp_path):
    export.shared_files(tmp_path)
    script = (tmp_path / "gdcourse_slider.js").read_text()
    assert "export default" not in script and "const gdcourseSlider = { render };" in script
    assert "function render({ model, el })" in script and "gd-slider-data" in script
    assert (tmp_path / "mathjax" / "MathJax.js").is_file()


def test_export_refuses_a_folder_that_holds_other_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert export.main([str(tmp_path)]) == 2
    assert "already holds other files" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
