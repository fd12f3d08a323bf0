"""Sliders over PNG pictures drawn in the kernel by a plain ``draw(**settings) -> Figure``: quicker than
``interact``'s redraw on every move, and tests and nbval call ``draw`` without a browser."""
import asyncio
import base64
import contextlib
import html
import io
import re

import ipywidgets as widgets
import numpy as np


def figure_png(fig, dpi=80):
    """A matplotlib figure as PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def slider_values(control):
    """Every value an ipywidgets slider can take."""
    if hasattr(control, "options"):  # selection sliders
        return [option[1] if isinstance(option, tuple) else option for option in control.options]
    if isinstance(control, widgets.FloatLogSlider):
        return [float(control.base ** e) for e in np.arange(control.min, control.max + control.step / 2, control.step)]
    count = int(round((control.max - control.min) / control.step)) + 1
    return [control.min + i * control.step for i in range(count)]


def _key(settings):
    # Round floats so that 10**-1.1 computed in the browser and in Python share one frame.
    return tuple(sorted((k, float(f"{v:.10g}") if isinstance(v, float) else v) for k, v in settings.items()))


class SliderBox(widgets.VBox):
    """A live slider in JupyterLab; its picture, and its caption as the text nbval compares, elsewhere."""

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(bytes(self.image.value)).decode("ascii")
        bundle["text/plain"] = html.unescape(re.sub(r"<[^>]+>", "", self.caption.value)) or "slider"
        return bundle


def frame_slider(draw, controls, caption=None, prerender=None, dpi=80):
    """The ``controls`` ({keyword of draw: slider}) above ``draw(**settings)``'s picture, ``caption`` (HTML) below.
    Each picture is drawn when first shown and kept in ``.frames``; after a move the kernel draws the neighbours
    along control ``prerender`` (default: the first) while idle, or, given ``prerender``, all up front."""
    frames, image, caption_box, latest = {}, widgets.Image(format="png"), widgets.HTML(), {}
    ahead = prerender or next(iter(controls))

    def settings():
        return {name: control.value for name, control in controls.items()}

    def frame(values):
        key = _key(values)
        if key not in frames:
            frames[key] = figure_png(draw(**values), dpi=dpi)
        return frames[key]

    def refresh(change=None):
        values = settings()
        image.value = frame(values)
        if caption is not None:
            caption_box.value = caption(**values)
        if change is not None:  # a learner moved a slider: draw its neighbours next
            draw_ahead(values)

    def draw_ahead(values):
        """One neighbour per idle moment of the kernel's event loop, nearest first (none without a loop)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        choices = slider_values(controls[ahead])
        here = choices.index(values[ahead]) if values[ahead] in choices else \
            min(range(len(choices)), key=lambda i: abs(choices[i] - values[ahead]))  # a typed value
        todo = iter([{**values, ahead: choices[i]} for i in sorted(range(len(choices)), key=lambda i: abs(i - here))])
        latest["settings"] = values

        def next_picture():  # stops when all are drawn, or when the learner moved again (that chain takes over)
            wanted = next((w for w in todo if _key(w) not in frames), None)
            with contextlib.suppress(Exception):  # an error shows if the learner moves there; the chain ends
                if wanted is not None and latest["settings"] is values:
                    frame(wanted)
                    loop.call_later(0.01, next_picture)

        loop.call_later(0.05, next_picture)

    if prerender is not None:
        for value in slider_values(controls[prerender]):
            frame({**settings(), prerender: value})
    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()
    box = SliderBox([widgets.HBox(list(controls.values())), image, caption_box])
    box.frames, box.image, box.caption, box.controls = frames, image, caption_box, controls
    box.settings = settings
    return box
