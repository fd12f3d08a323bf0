"""Interactive sliders, built on the plain plotting functions.

``frame_slider`` builds a widget that draws its picture in the kernel with an ordinary function
``draw(**settings) -> Figure`` and shows it as a PNG. Each picture is drawn
once and kept, so moving back to a setting you have seen costs only the
round trip to the kernel, and ``prerender`` can draw a whole slider's worth
of pictures ahead of time. Why not ``interact``? It redraws through
matplotlib's inline backend on every move (about 110 ms a move on a 2-core
machine); swapping a ready PNG is several times quicker, and the drawing
code stays a plain function that tests and nbval can call without a browser.
"""
import io

import numpy as np


def figure_png(fig, dpi=80):
    """Render a matplotlib figure to PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def slider_values(control):
    """Every value a slider can take (for prerendering)."""
    from ipywidgets import FloatLogSlider
    if hasattr(control, "options") and hasattr(control, "index"):        # Selection sliders
        return [option[1] if isinstance(option, tuple) else option for option in control.options]
    if isinstance(control, FloatLogSlider):
        exponents = np.arange(control.min, control.max + control.step / 2, control.step)
        return [float(control.base ** e) for e in exponents]
    count = int(round((control.max - control.min) / control.step)) + 1  # Int/Float sliders
    return [control.min + i * control.step for i in range(count)]


def _key(settings):
    # Round floats so 10**-1.1 computed in the browser and in Python share one frame.
    return tuple(sorted((k, float(f"{v:.10g}") if isinstance(v, float) else v) for k, v in settings.items()))


def frame_slider(draw, controls, caption=None, prerender=None, dpi=80):
    """A widget: the given controls above the picture ``draw(**settings)``, and a caption below.

    ``controls`` maps each keyword of ``draw`` to an ipywidgets slider;
    ``caption(**settings)`` returns an HTML string shown under the picture;
    ``prerender`` names one control whose every value is drawn up front.
    The returned ``VBox`` carries ``.frames`` (settings -> PNG), ``.image``,
    ``.caption``, ``.settings()`` and ``.refresh()`` so tests can drive it.
    """
    import ipywidgets as widgets

    controls = dict(controls)
    frames = {}
    image = widgets.Image(format="png")
    caption_box = widgets.HTML()

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

    if prerender is not None:
        for value in slider_values(controls[prerender]):
            frame({**settings(), prerender: value})
    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()

    box = widgets.VBox([widgets.HBox(list(controls.values())), image, caption_box])
    box.frames, box.image, box.caption = frames, image, caption_box
    box.settings, box.refresh, box.controls = settings, refresh, controls
    return box
