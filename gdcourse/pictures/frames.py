"""A slider widget whose pictures are drawn in the kernel by a plain function and kept as PNGs.

``frame_slider(draw, controls)`` shows ``draw(**settings) -> Figure`` as a PNG.
Each picture is drawn when first needed and kept, so going back to a setting
costs only the round trip to the kernel. The cell that makes a slider draws
only its starting picture; once a learner moves it, the kernel draws the
neighbouring pictures while idle, nearest first. Why not ``interact``? It
redraws through the inline backend on every move (about 110 ms on 2 cores);
swapping a ready PNG is several times quicker, and ``draw`` stays a plain
function that tests and nbval call without a browser.
"""
import asyncio
import functools
import io

import numpy as np


def figure_png(fig, dpi=80):
    """A matplotlib figure as PNG bytes."""
    from matplotlib.figure import Figure
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def slider_values(control):
    """Every value an ipywidgets slider can take."""
    from ipywidgets import FloatLogSlider
    if hasattr(control, "options"):  # selection sliders
        return [option[1] if isinstance(option, tuple) else option for option in control.options]
    if isinstance(control, FloatLogSlider):
        return [float(control.base ** e) for e in np.arange(control.min, control.max + control.step / 2, control.step)]
    count = int(round((control.max - control.min) / control.step)) + 1
    return [control.min + i * control.step for i in range(count)]


def _key(settings):
    # Round floats so that 10**-1.1 computed in the browser and in Python share one frame.
    return tuple(sorted((k, float(f"{v:.10g}") if isinstance(v, float) else v) for k, v in settings.items()))


def _distance(a, b):
    """How far apart two slider values are (0 for equal labels, 1 for different ones)."""
    try:
        return abs(float(a) - float(b))
    except (TypeError, ValueError):
        return float(a != b)


@functools.cache
def _slider_box():
    """The ``VBox`` class that also shows as its picture and caption where widgets cannot run."""
    import base64
    import html
    import re

    import ipywidgets as widgets

    class SliderBox(widgets.VBox):
        # JupyterLab with a kernel shows the live widget; GitHub, nbviewer, an HTML export or an
        # unrun notebook show the picture, and the caption is the plain text nbval compares.
        def _repr_mimebundle_(self, **kwargs):
            bundle = super()._repr_mimebundle_(**kwargs)
            bundle["image/png"] = base64.b64encode(bytes(self.image.value)).decode("ascii")
            bundle["text/plain"] = html.unescape(re.sub(r"<[^>]+>", "", self.caption.value)) or "slider"
            return bundle

    return SliderBox


def frame_slider(draw, controls, caption=None, prerender=None, dpi=80):
    """The ``controls`` above the picture ``draw(**settings)``, and ``caption(**settings)`` (HTML) below.

    ``controls`` maps each keyword of ``draw`` to an ipywidgets slider;
    ``prerender`` names one control whose every value is drawn up front (and
    drawn ahead after a move; by default the first control is). The box
    carries ``.frames`` (settings -> PNG), ``.image``, ``.caption``,
    ``.controls``, ``.settings()`` and ``.refresh()`` so tests can drive it.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure
    frames, image, caption_box = {}, widgets.Image(format="png"), widgets.HTML()
    ahead = prerender or next(iter(controls))
    latest = {}

    def settings():
        return {name: control.value for name, control in controls.items()}

    def frame(values):
        key = _key(values)
        if key not in frames:
            fig = draw(**values)
            if not isinstance(fig, Figure):
                raise TypeError(f"draw must return a matplotlib Figure, got {type(fig).__name__}")
            frames[key] = figure_png(fig, dpi=dpi)
        return frames[key]

    def refresh(change=None):
        values = settings()
        image.value = frame(values)
        if caption is not None:
            caption_box.value = caption(**values)
        if change is not None:  # a learner moved a slider: draw its neighbours next
            draw_ahead(values)

    def draw_ahead(values):
        """Draw the neighbouring pictures one per idle moment of the kernel's event loop, nearest first.

        A move then never waits for more than one picture. Without a running
        loop (a script, a test) nothing is scheduled.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        choices = slider_values(controls[ahead])
        here = min(range(len(choices)), key=lambda i: _distance(choices[i], values[ahead]))
        todo = iter([{**values, ahead: choices[i]} for i in sorted(range(len(choices)), key=lambda i: abs(i - here))])
        latest["settings"] = values

        def next_picture():
            if latest["settings"] is not values:  # the learner moved again: that chain takes over
                return
            for wanted in todo:
                if _key(wanted) not in frames:
                    try:
                        frame(wanted)
                    except Exception:  # noqa: BLE001 - shown to the learner if they move there
                        return
                    loop.call_later(0.01, next_picture)
                    return

        loop.call_later(0.05, next_picture)

    if prerender is not None:
        for value in slider_values(controls[prerender]):
            frame({**settings(), prerender: value})
    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()
    box = _slider_box()([widgets.HBox(list(controls.values())), image, caption_box])
    box.frames, box.image, box.caption, box.controls = frames, image, caption_box, controls
    box.settings, box.refresh = settings, refresh
    return box
