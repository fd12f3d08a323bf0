"""Sliders over pictures drawn by a plain ``draw(**settings) -> Figure``. The kernel draws every picture with
matplotlib, ahead of the learner's hand and in its idle moments, and sends it to the browser, where a move is
a local swap (frame_slider.js). Tests and nbval call ``draw`` and move the slider without a browser."""
import asyncio
import base64
import io
import itertools
import os
import pathlib
from typing import NamedTuple

import anywidget
import traitlets

from gdcourse.locale import _

HERE = pathlib.Path(__file__).parent
FRAMES = "application/vnd.gdcourse.frames+json"  # every picture at once, for `python -m gdcourse export`


def figure_png(fig, dpi=80):
    """A matplotlib figure as PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


class Control(NamedTuple):
    """One slider: its label, the values it steps through, how each is shown, and where it starts."""
    description: str
    values: tuple
    labels: tuple
    start: object


def control(description, values, start, label="{:g}"):
    """A ``Control`` over ``values`` (labels made with ``label``), starting at ``start`` if offered."""
    values = tuple(values)
    labels = tuple(label.format(v) if isinstance(v, (int, float)) else str(v) for v in values)
    if start not in values:  # a typed value: the nearest one offered
        start = min((v for v in values if isinstance(v, (int, float))), key=lambda v: abs(v - start), default=values[0])
    return Control(description, values, labels, start)


def frame_key(index):
    """The name of the picture at ``index`` (a position per control), as the browser knows it: "3,1"."""
    return ",".join(map(str, index))


class FrameSlider(anywidget.AnyWidget):
    """``controls`` ({keyword of draw: Control}) above ``draw(**settings)``'s picture, ``caption(**settings)``
    (text) below. Each picture is drawn once and kept in ``.frames``; elsewhere than JupyterLab (GitHub,
    nbconvert, nbval) the output is the starting picture and its caption."""
    _esm = HERE / "frame_slider.js"
    _css = HERE / "frame_slider.css"
    controls = traitlets.List().tag(sync=True)
    index = traitlets.List().tag(sync=True)  # the position of each control: the learner's moves arrive here
    _start_png = traitlets.Bytes().tag(sync=True)
    _start_caption = traitlets.Unicode().tag(sync=True)

    def __init__(self, draw, controls, caption=None, dpi=80):
        self._draw, self._caption, self._dpi = draw, caption, dpi
        self._names, self._values = list(controls), [c.values for c in controls.values()]
        self.frames, self._viewed, self._drawing = {}, False, False  # frames: "i,j" -> (png, caption)
        index = [c.values.index(c.start) for c in controls.values()]
        png, text = self.frame(index)
        super().__init__(controls=[{"description": c.description, "labels": list(c.labels)}
                                   for c in controls.values()], index=index, _start_png=png, _start_caption=text)
        self.on_msg(self._message)
        self._heading = [0] * len(index)  # the direction of the learner's last move along each control
        self.observe(self._moved, names="index")

    def _moved(self, change):
        self._heading = [(a > b) - (a < b) for a, b in zip(change.new, change.old)]
        self.frame(change.new)  # drawn now if the kernel has not got there yet

    def settings(self, index=None):
        """The keyword arguments of ``draw`` at ``index`` (default: where the slider is)."""
        return {name: values[i] for name, values, i in zip(self._names, self._values, index or self.index)}

    def set(self, **settings):
        """Move the slider as a learner would, e.g. ``set(alpha=0.1)``."""
        if unknown := set(settings) - set(self._names):
            raise TypeError(_("this slider has no control {names}; its controls: {known}",
                              names=", ".join(sorted(unknown)), known=", ".join(self._names)))
        for name, values in zip(self._names, self._values):
            if name in settings and settings[name] not in values:
                raise ValueError(_("{name} must be one of the slider's values {values}, got {value!r}",
                                   name=name, values=list(values), value=settings[name]))
        self.index = [values.index(settings.get(name, values[i]))
                      for name, values, i in zip(self._names, self._values, self.index)]

    @property
    def picture(self):
        return self.frames[frame_key(self.index)][0]

    @property
    def caption(self):
        return self.frames[frame_key(self.index)][1]

    def frame(self, index):
        """The picture and caption at ``index``, drawn (and sent to the browser) the first time."""
        key = frame_key(index)
        if key not in self.frames:
            settings = self.settings(index)
            text = self._caption(**settings) if self._caption else ""
            self.frames[key] = figure_png(self._draw(**settings), dpi=self._dpi), text
            if self._viewed:
                self._push(key)
        return self.frames[key]

    def every_index(self):
        return itertools.product(*(range(len(values)) for values in self._values))

    def _push(self, key):
        png, text = self.frames[key]
        self.send({"type": "frame", "key": key, "caption": text}, [png])

    def _message(self, _, content, buffers):
        if content.get("type") == "ready":  # a browser shows the slider: send what is drawn, draw the rest
            self._viewed = True
            for key in list(self.frames):
                self._push(key)
            self._draw_ahead()

    def _draw_ahead(self):
        """One picture per idle moment of the kernel's event loop, nearest to the learner's position first."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._drawing:
            return
        self._drawing = True

        def distance(index):  # along one control before two, nearest first, ahead of the last move first
            steps = [a - b for a, b in zip(index, self.index)]
            return sum(map(bool, steps)), sum(map(abs, steps)), sum(s * d < 0 for s, d in zip(steps, self._heading))

        def next_picture():
            todo = min((i for i in self.every_index() if frame_key(i) not in self.frames), key=distance, default=None)
            try:
                if todo is not None:
                    self.frame(todo)
                    return loop.call_later(0.002, next_picture)
            except Exception:  # noqa: BLE001 - the error shows if the learner moves there
                pass
            self._drawing = False

        loop.call_later(0.02, next_picture)

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["image/png"] = base64.b64encode(self.picture).decode("ascii")
        data["text/plain"] = self.caption or "slider"
        if os.environ.get("GDCOURSE_EXPORT"):  # `python -m gdcourse export` wants every picture in the page
            frames = {frame_key(i): dict(zip(("png", "caption"), self.frame(i))) for i in self.every_index()}
            frames = {key: {**f, "png": base64.b64encode(f["png"]).decode("ascii")} for key, f in frames.items()}
            data[FRAMES] = {"controls": self.controls, "index": self.index, "frames": frames}
        return data, metadata


def frame_slider(draw, controls, caption=None, dpi=80):
    """A ``FrameSlider``: the ``controls`` ({keyword of draw: Control}) over the pictures of ``draw``."""
    return FrameSlider(draw, controls, caption, dpi)
