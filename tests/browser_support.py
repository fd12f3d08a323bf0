"""Helpers for the browser tests: a throwaway JupyterLab server and a few page actions.

The server always serves a temporary *copy* of the notebooks: running cells in
the browser and autosave write to the files it serves, and the repository's
lessons (like a learner's own work) must never be touched by a test.
"""
import json
import os
import pathlib
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from gdcourse.tools.server import LAB_OPTIONS

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# JupyterLab settings for the test server: no news or update pop-ups (the network
# is closed). Everything else is as a learner gets it.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


def browser_marks():
    """The pytest marks of a browser test module: skip, with the reason, where it cannot run."""
    import pytest
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:  # pragma: no cover - CI installs it
        sync_playwright = None
    return [pytest.mark.skipif(sys.platform != "linux", reason="the browser tests' server harness reads Linux's /proc"),
            pytest.mark.skipif(find_chromium() is None, reason="no Chromium found ($GDCOURSE_CHROMIUM, `chromium`, "
                               "/usr/bin/chromium, `google-chrome`, `chromium-browser`); install Debian's chromium "
                               "to run the browser tests"),
            pytest.mark.skipif(sync_playwright is None, reason="playwright is not importable; pip install playwright")]


def find_chromium():
    """The path of a Chromium-family binary, or None.

    First ``$GDCOURSE_CHROMIUM`` (CI sets it to the runner's Google Chrome),
    then Debian's ``chromium``, then ``google-chrome`` or ``chromium-browser`` on PATH.
    """
    candidates = (os.environ.get("GDCOURSE_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                  shutil.which("google-chrome"), shutil.which("chromium-browser"))
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _die_with_parent():
    """Runs in the server's process before it starts: on Linux, ask for SIGTERM when our parent dies.

    A test process killed outright (SIGKILL, e.g. by the out-of-memory killer)
    cannot run its clean-up; this way the server (which then shuts down its
    kernels) does not outlive it.
    """
    import ctypes
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(pid):
    """Process ids of every live descendant of ``pid`` (read from /proc)."""
    children = {}
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces; the parent id is the 2nd field after ")".
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid):
    """True while ``pid`` runs (a zombie counts as gone)."""
    try:
        state = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def processes_mentioning(text):
    """Process ids whose command line contains ``text``."""
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if text in cmdline and alive(int(entry.name)):
                found.append(int(entry.name))
    return found


# Only for the latency benchmark's comparison, never for the tests: jupyter_server
# leaves Nagle's algorithm on for kernel websockets, so a small message sent
# right after another waits for the browser's delayed ACK (about 40 ms here).


class JupyterLab:
    """A JupyterLab server on 127.0.0.1 serving ``root_dir``, with all its state under ``home``.

    Use it as a context manager: the server, its kernels and every process it
    started are gone when the ``with`` block ends, even after a failure.
    ``nodelay=True`` (the default) starts it the way ``python -m gdcourse lab``
    does, with Nagle's algorithm off on kernel websockets (gdcourse.tools.server);
    ``nodelay=False`` is a plain ``jupyter lab``.
    """

    def __init__(self, root_dir, home, nodelay=True):
        self.root_dir, self.home = pathlib.Path(root_dir), pathlib.Path(home)
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.process, self.pids, self.nodelay = None, set(), nodelay

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path=""):
        return f"{self.base_url}/{path}?token={self.token}"

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.base_url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            body = response.read()
        return json.loads(body) if body else None

    def start(self, timeout=60):
        settings, workspaces = self.home / "settings", self.home / "workspaces"
        for name, values in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        env = dict(os.environ)
        # Config and runtime files go to the temporary home. The data dir is the
        # *user* data dir only: the kernelspec and the ipywidgets lab extension
        # live in sys.prefix/share/jupyter, which Jupyter still searches.
        for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                         ("JUPYTER_DATA_DIR", "data"), ("IPYTHONDIR", "ipython")):
            env[var] = str(self.home / sub)
        env.pop("JUPYTER_PATH", None)
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        self.log = open(self.home / "server.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", *(LAB_OPTIONS if self.nodelay else []), "--no-browser",
             "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root_dir}",
             f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={workspaces}",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
             "--LabApp.extension_manager=readonly", "--ServerApp.terminals_enabled=False"]
            + (["--allow-root"] if os.geteuid() == 0 else []),
            env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so stop() can end all of it
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.process.returncode}:\n{self.log_text()}")
            try:
                self.api("status")
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        raise RuntimeError(f"jupyter lab did not answer within {timeout} s:\n{self.log_text()}")

    def log_text(self):
        self.log.flush()
        return (self.home / "server.log").read_text(errors="replace")[-4000:]

    def stop(self, timeout=15):
        """Shut down kernels and server; return the ids of any process that survived."""
        if self.process is None:
            return []
        self.pids = descendants(self.process.pid) | {self.process.pid}
        try:  # kernels run in sessions of their own: ask the server to shut them down
            for kernel in self.api("kernels"):
                self.api(f"kernels/{kernel['id']}", method="DELETE")
        except (urllib.error.URLError, OSError, ValueError):
            pass
        self.pids |= descendants(self.process.pid)
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(alive(p) for p in self.pids):
            time.sleep(0.1)
        survivors = [p for p in self.pids if alive(p)]
        for pid in survivors:  # never leave anything behind, but report it
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()
        self.process = None
        return survivors

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        survivors = self.stop()
        if survivors:
            print(f"warning: killed processes the server left behind: {survivors}", file=sys.stderr)


# ---------------------------------------------------------------------------
# Notebooks
# ---------------------------------------------------------------------------

def slider_cells(path):
    """``(first code cell, [cells that show a live slider])`` of a notebook: the sources."""
    notebook = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
               for c in notebook["cells"] if c["cell_type"] == "code"]
    return (sources[0] if sources else ""), [s for s in sources if "_slider(" in s]


def has_slider(path):
    """True if a notebook shows a live slider: a code cell calling ``*_slider(``."""
    return bool(slider_cells(path)[1])


def write_slider_notebook(directory, lessons):
    """One notebook with every lesson's slider cells, each after its lesson's first (import) cell.

    The sliders are tested here rather than after running each whole lesson in the
    browser again: a slider cell needs only the lesson's imports, and nbval already
    runs every lesson. Returns the file and ``{lesson: number of sliders}``.
    """
    cells, counts = [("md", "# Every lesson's sliders")], {}
    for lesson in lessons:
        imports, sliders = slider_cells(pathlib.Path(directory) / lesson)
        cells += [("md", f"## {lesson}"), ("code", imports)] + [("code", s) for s in sliders]
        counts[lesson] = len(sliders)
    path = pathlib.Path(directory) / "zz_lesson_sliders.ipynb"
    path.write_text(_notebook(cells))
    return path, counts


def _notebook(cells):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    notebook = new_notebook()
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                       "name": "python3"}
    for kind, source, *extra in cells:
        make = new_markdown_cell if kind == "md" else new_code_cell
        notebook.cells.append(make(source, **(extra[0] if extra else {})))
    return nbformat.writes(notebook)


SYNTHETIC_DRAW = '''\
def draw(slope):
    fig, ax = plots.new_figure(ncols=1, figsize=(5, 3))
    x = np.linspace(0, 1, 11)
    ax.plot(x, slope * x, color=plots.PALETTE["blue"])
    ax.set(xlabel="x", ylabel="slope * x", ylim=(0, 10))
    return fig


def caption(slope):
    return "gentle slope" if slope < 1 else "steep slope"
'''
SYNTHETIC_SLIDER = '''\
control = sliders.control("slope", [float(f"{10 ** e:.4g}") for e in np.arange(-1, 1.01, 0.25)], 0.5623)
slider = sliders.frame_slider(draw, {"slope": control}, caption=caption)
slider'''


def write_synthetic_notebooks(directory):
    """Two small notebooks that prove the harness: one healthy slider, one that must fail every check."""
    directory = pathlib.Path(directory)
    imports = "import numpy as np\nfrom gdcourse import plots, sliders"
    healthy = _notebook([
        ("md", "# A synthetic slider"),
        ("code", imports),
        ("code", SYNTHETIC_DRAW),
        ("code", SYNTHETIC_SLIDER, {"metadata": {"tags": ["nbval-ignore-output"]}}),
        ("code", "print(caption(0.5623))"),
    ])
    # What a learner must never see on opening a lesson: a saved traceback, and a
    # saved widget view, which shows as its text fallback "VBox(...)" (the model
    # lives only in a running kernel). Running it fails too: `slider` is undefined.
    import nbformat
    from nbformat.v4 import new_code_cell, new_output
    broken = nbformat.reads(_notebook([("md", "# A broken notebook")]), as_version=4)
    broken.cells += [
        new_code_cell("slider", outputs=[new_output("display_data", data={
            "text/plain": "VBox(children=(FloatSlider(value=0.5),))",
            "application/vnd.jupyter.widget-view+json":
                {"model_id": "0" * 32, "version_major": 2, "version_minor": 0}})]),
        new_code_cell("1 / 0", outputs=[new_output(
            "error", ename="ZeroDivisionError", evalue="division by zero",
            traceback=["Traceback (most recent call last)", "ZeroDivisionError: division by zero"])]),
    ]
    (directory / "zz_synthetic_slider.ipynb").write_text(healthy)
    (directory / "zz_synthetic_broken.ipynb").write_text(nbformat.writes(broken))
    return directory / "zz_synthetic_slider.ipynb", directory / "zz_synthetic_broken.ipynb"


# ---------------------------------------------------------------------------
# Page actions (Playwright, sync API). All work on the notebook tab in front.
# ---------------------------------------------------------------------------

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'  # also tracebacks
# Text that means something went wrong. Error outputs and stderr are found by
# their MIME type. Text is searched only for what never belongs in a lesson:
# the widget manager's failures (anywhere on the page), and in outputs a
# traceback, a printed nan, or a widget's text fallback (a saved widget view
# that outlived its kernel). Never for "Error" or "TypeError:" alone: this is a
# course about errors ("Error evaluations spent: 60"), and lesson 05 prints on
# purpose the TypeError that the article's tf.grads call raises.
WIDGET_FAILURES = [r"Error displaying widget", r"model not found"]
ERROR_PATTERNS = WIDGET_FAILURES + [r"Traceback", r"\bnan\b", r"(?m)^(V|H|Grid)?Box\(", r"(?m)^interactive\("]


def launch_browser(playwright, user_data_dir, width=1280, height=900):
    """System Chromium (never a downloaded one) with a profile in ``user_data_dir``."""
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir), executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": width, "height": height})


def wait_for_kernel_idle(page, timeout=60_000):
    """Wait until the status bar reports the front notebook's kernel as idle (connected, not busy)."""
    page.wait_for_function(
        "() => /\\|\\s*Idle/.test(document.querySelector('#jp-main-statusbar')?.textContent || '')",
        timeout=timeout)


def open_lab(page, lab, timeout=90_000):
    page.goto(lab.url("lab"))
    page.wait_for_selector(".jp-DirListing-item", timeout=timeout)


def open_notebook(page, name, timeout=60_000):
    """Open ``name`` from the file browser, as a learner would, and wait for its kernel."""
    page.locator(".jp-DirListing-content").get_by_text(name, exact=True).dblclick()
    page.wait_for_selector(f'.lm-TabBar-tab.lm-mod-current[title*="{name}"], '
                           f'.lm-TabBar-tab.lm-mod-current:has-text("{name}")', timeout=timeout)
    page.wait_for_selector(f"{NOTEBOOK} .jp-Cell", timeout=timeout)
    wait_for_kernel_idle(page, timeout)


def close_notebook(page, lab, name):
    """Close the tab without saving (the served copy is throwaway) and shut its kernel down."""
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=name)
    if tab.count():
        tab.first.locator(".lm-TabBar-tabCloseIcon").click()
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        try:  # "Save your work?" appears when cells ran
            page.locator(".jp-Dialog button", has_text="Discard").click(timeout=2_000)
        except PlaywrightTimeout:  # no dialog: nothing to discard
            pass
    for session in lab.api("sessions"):
        if session["path"].endswith(name):
            lab.api(f"sessions/{session['id']}", method="DELETE")


def run_all_cells(page, timeout=120_000):
    """Edit → Clear Outputs of All Cells, then Run → Run All Cells; return when the run is over.

    Clearing first removes the execution counts saved in the file, so a
    number in every prompt proves this run reached every cell. Run All stops
    at a cell that raises: the run is also over once the kernel is idle, no
    cell waits (``[*]``) and an error is on the page.
    """
    page.click('.lm-MenuBar-itemLabel:text-is("Edit")')
    page.click('.lm-Menu-itemLabel:text-is("Clear Outputs of All Cells")')
    page.wait_for_function(
        """(notebook) => [...document.querySelectorAll(notebook + ' .jp-CodeCell .jp-InputPrompt')]
                         .every(p => !/\\d/.test(p.textContent))""", arg=NOTEBOOK, timeout=timeout)
    page.click('.lm-MenuBar-itemLabel:text-is("Run")')
    page.click('.lm-Menu-itemLabel:text-is("Run All Cells")')
    page.wait_for_function(
        """([notebook, errors]) => {
            const prompts = [...document.querySelectorAll(notebook + ' .jp-CodeCell .jp-InputPrompt')]
                .map(p => p.textContent);
            const idle = document.querySelector(notebook + ' .jp-Notebook-ExecutionIndicator')
                ?.dataset.status === 'idle';
            if (!idle || prompts.some(p => p.includes('*'))) return false;
            return prompts.every(p => /\\[\\d+\\]/.test(p)) || !!document.querySelector(errors);
        }""", arg=[NOTEBOOK, f"{NOTEBOOK} {ERROR_OUTPUT}, {NOTEBOOK} {STDERR_OUTPUT}"], timeout=timeout)
    wait_for_kernel_idle(page, timeout)


def problems_on_page(page):
    """Everything on the front notebook that looks like an error to a learner (a list of strings)."""
    found = []
    notebook = page.locator(NOTEBOOK)
    for selector, what in ((ERROR_OUTPUT, "error output"), (STDERR_OUTPUT, "stderr output")):
        for text in notebook.locator(selector).all_text_contents():
            found.append(f"{what}: {text.strip()[:300]}")
    # textContent, not innerText: cells scrolled out of view are not laid out.
    outputs = "\n".join(notebook.locator(".jp-OutputArea-output").all_text_contents())
    everything = page.locator("body").inner_text()
    for pattern in ERROR_PATTERNS:
        for match in re.finditer(pattern, outputs):
            line = outputs[max(0, match.start() - 80): match.end() + 80].replace("\n", " ")
            found.append(f"output text /{pattern}/: ...{line}...")
    for pattern in WIDGET_FAILURES:  # these can show outside output areas too
        if re.search(pattern, everything) and not re.search(pattern, outputs):
            found.append(f"page text /{pattern}/")
    return found


def unexecuted_cells(page):
    """Indices of code cells in the front notebook without an execution count."""
    prompts = page.locator(f"{NOTEBOOK} .jp-CodeCell .jp-InputPrompt").all_text_contents()
    return [i for i, text in enumerate(prompts) if not re.search(r"\[\d+\]", text)]


def scroll_to(page, locator, timeout=30_000):
    """Scroll the front notebook until ``locator`` is on screen, as a learner would.

    JupyterLab 4.2 to 4.4 default to the 'full' windowing mode, which hides the
    cells out of view (display: none): such a cell cannot scroll itself into
    view, so scan the notebook from the top, half a screen at a time.
    """
    scroller = page.locator(f"{NOTEBOOK} .jp-WindowedPanel-outer")
    if not locator.is_visible():
        scroller.evaluate("el => { el.scrollTop = 0; }")
        moved = True
        while moved and not locator.is_visible():
            moved = scroller.evaluate(
                "el => { const top = el.scrollTop; el.scrollTop += el.clientHeight / 2; return el.scrollTop > top; }")
            page.wait_for_timeout(100)  # the notebook shows the cells now in view
    locator.scroll_into_view_if_needed(timeout=timeout)


def frame_widgets(page):
    """Locators of every gdcourse slider (frame_slider.js: range inputs above a canvas) in the front notebook."""
    boxes = page.locator(f"{NOTEBOOK} .gd-slider")
    return [boxes.nth(i) for i in range(boxes.count())]


def wait_until_drawn(widget, timeout=120_000):
    """Wait until the kernel has sent every picture of the slider to the browser."""
    widget.wait_for(timeout=timeout)
    widget.page.wait_for_function("el => Number(el.dataset.ready) >= Number(el.dataset.total)",
                                  arg=widget.element_handle(), timeout=timeout)


def widget_state(widget):
    """(picture shown: its "i,j" key, caption text, readouts) of one slider."""
    return (widget.get_attribute("data-shown"), widget.locator("p").inner_text().strip(),
            widget.locator("output").all_inner_texts())


def primary_slider(widget):
    """(label, input) of the slider a learner reaches for first: alpha/α/step if there is one, else the first."""
    rows = [widget.locator("label").nth(i) for i in range(widget.locator("label").count())]
    labels = [(row.locator("span").text_content() or "").strip() for row in rows]
    chosen = next((i for i, label in enumerate(labels)
                   if any(word in label.lower() for word in ("alpha", "α", "step"))), 0)
    return labels[chosen], rows[chosen].locator("input")


def primary_handle(widget):
    return primary_slider(widget)[1]


def handle_position(handle):
    """(now, min, max) of a range input."""
    return tuple(float(handle.evaluate(f"el => el.{a}")) for a in ("value", "min", "max"))


def press_and_wait(page, widget, handle, key, timeout=10_000):
    """Press ``key`` on the focused slider and wait for the picture to change; return the new state."""
    before = widget_state(widget)[0]
    handle.press(key)
    page.wait_for_function("([el, before]) => el.dataset.shown && el.dataset.shown !== before",
                           arg=[widget.element_handle(), before], timeout=timeout)
    return widget_state(widget)


def sweep_until_caption_changes(page, widget, handle):
    """Press ArrowRight up to the end, then ArrowLeft to the start, until the caption changes.

    Returns the list of states seen (the first is the starting state). Every
    press must change the picture; the caller checks the caption.
    """
    handle.focus()
    states = [widget_state(widget)]
    for key, at_end in (("ArrowRight", lambda now, lo, hi: now >= hi), ("ArrowLeft", lambda now, lo, hi: now <= lo)):
        while not at_end(*handle_position(handle)):
            states.append(press_and_wait(page, widget, handle, key))
            if states[-1][1] != states[0][1]:
                return states
    return states


LATENCY_JS = """
(el) => {
    // t0: the keydown (capture phase, before the slider sees it). t1: the first animation frame after the
    // slider shows another picture (data-shown changes once the canvas holds it), i.e. when it can be on screen.
    const probe = {t0: null, samples: [], shown: el.dataset.shown, seen: new Set([el.dataset.shown])};
    document.addEventListener('keydown', () => { probe.t0 = performance.now(); }, true);
    new MutationObserver(() => {
        const key = el.dataset.shown;
        if (!key || key === probe.shown || probe.t0 === null) return;
        probe.shown = key;
        const t0 = probe.t0, first = !probe.seen.has(key);
        probe.t0 = null;
        probe.seen.add(key);
        requestAnimationFrame(() => probe.samples.push({ms: performance.now() - t0, key, first}));
    }).observe(el, {attributes: true, attributeFilter: ['data-shown']});
    window.__sliderLatency = probe;
}
"""


def start_latency_probe(widget):
    widget.evaluate(LATENCY_JS)


def press_and_time(page, handle, keys, timeout=30_000):
    """Press each key on the range input ``handle``; after each, wait for its sample. Returns the new samples
    ({"ms", "key", "first"}: first = the picture was never shown before)."""
    before = page.evaluate("() => window.__sliderLatency.samples.length")
    handle.focus()
    for i, key in enumerate(keys, start=1):
        handle.press(key)
        page.wait_for_function(f"() => window.__sliderLatency.samples.length >= {before + i}", timeout=timeout)
    return page.evaluate(f"() => window.__sliderLatency.samples.slice({before})")


def sweep_keys(handle):
    """The keys that move a range input from where it is to its end, back to its start, and back again."""
    now, low, high = (int(v) for v in handle_position(handle))
    return ["ArrowRight"] * (high - now) + ["ArrowLeft"] * (high - low) + ["ArrowRight"] * (now - low)


def notebook_screenshot(page, path, max_height=16_000):
    """A picture of the whole front notebook: the window is made as tall as the notebook, then restored."""
    viewport = page.viewport_size
    scroller = page.locator(f"{NOTEBOOK} .jp-WindowedPanel-outer")
    height = scroller.evaluate("el => el.scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": min(max_height, height + 200)})
    scroller.evaluate("el => { el.scrollTop = 0; }")
    page.wait_for_timeout(500)  # relayout, and let cells skipped while off screen paint
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)
    page.wait_for_timeout(100)
