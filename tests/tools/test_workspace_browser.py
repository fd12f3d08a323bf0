"""The workspace with a real JupyterLab (system Chromium, driven by Playwright): a lesson it copied opens without
being marked unsaved, and after JupyterLab has saved it without an edit, the course's next version still arrives.

Skips like tests/notebooks/test_browser.py: without Chromium, without Playwright, or off Linux."""
import datetime
import json
import shutil


from browser_support import browser_marks, JupyterLab, close_notebook, launch_browser, open_lab, open_notebook
from gdcourse.tools import merging, workspace
from gdcourse.tools.build import ROOT

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - CI installs it
    sync_playwright = None

pytestmark = browser_marks()
LESSON = "01_squared_error.ipynb"


def unsaved(page, name):
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=name).first
    return "jp-mod-dirty" in (tab.get_attribute("class") or "")


def test_a_copied_lesson_opens_unchanged_and_still_takes_updates_after_a_save(tmp_path, capsys):
    source, work = tmp_path / "lessons", tmp_path / "my-work"
    source.mkdir()
    shutil.copy(ROOT / "lessons" / LESSON, source)
    assert workspace.main([str(work), "--source", str(source)]) == 0
    # The control: the same lesson without the Python version, as the build wrote lessons before.
    old = json.loads((source / LESSON).read_text())
    old["metadata"]["language_info"].pop("version", None)
    (work / "old_build.ipynb").write_text(json.dumps(old, indent=1))
    with JupyterLab(work, tmp_path / "home") as lab, sync_playwright() as playwright:
        context = launch_browser(playwright, tmp_path / "profile")
        try:
            page = context.new_page()
            open_lab(page, lab)
            open_notebook(page, "old_build.ipynb")  # the kernel fills in its version: JupyterLab says "unsaved"
            page.wait_for_function("() => !!document.querySelector('.lm-TabBar-tab.lm-mod-current.jp-mod-dirty')")
            close_notebook(page, lab, "old_build.ipynb")
            open_notebook(page, LESSON)
            page.wait_for_timeout(2_000)  # as long again as the control needed, and more
            assert not unsaved(page, LESSON)
            before = (work / LESSON).stat().st_mtime_ns
            page.click('.lm-MenuBar-itemLabel:text-is("File")')
            page.click('.lm-Menu-itemLabel:text-is("Save Notebook")')
            page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.lm-mod-current.jp-mod-dirty')")
            for _ in range(100):
                if (work / LESSON).stat().st_mtime_ns != before:
                    break
                page.wait_for_timeout(100)
            close_notebook(page, lab, LESSON)
        finally:
            context.close()
    saved = (work / LESSON).read_bytes()
    assert b'"source": [' in saved and merging.same_text(saved, (source / LESSON).read_bytes())
    new = json.loads((source / LESSON).read_text())
    new["cells"][0]["source"] += "\n\n(Improved by the course.)"
    (source / LESSON).write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n")
    capsys.readouterr()
    assert workspace.main([str(work), "--source", str(source)], now=datetime.datetime(2025, 1, 1)) == 0
    assert f"  updated    {LESSON}: you had not changed it\n" in capsys.readouterr().out
    assert "(Improved by the course.)" in merging.read((work / LESSON).read_bytes()).cells[0].source
