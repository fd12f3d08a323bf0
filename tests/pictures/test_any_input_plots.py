"""Any input, part 3: plots and sliders.

Every plot function takes data and returns ``(fig, ax)``; fed bad data it
must raise TypeError/ValueError naming the argument, never an error from
inside numpy or matplotlib, and never a RuntimeWarning. The slider pictures
take a second to draw, so they get only inputs that must fail before any
drawing; their summaries (the same computation, without the figure) get the
full treatment. Harness and rules: ``test_any_input.py``.
"""
import numpy as np
import pytest
from hypothesis import strategies as st

from gdcourse.course import batching, searches
from gdcourse.pictures import plots, sliders
from gdcourse.framework import tensor as T
from any_input import (BAD, BAD_COUNT, HUGE_INT, New, Opaque, Spec, fresh, fuzz_test, judge,
                            spec_params)

NUMBER = st.one_of(BAD, st.floats(-10, 10))
HISTORY = searches.up_down_search(iterations=5)
RUN = batching.train_line([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], 2, 0.05, steps=4)


# A successful plot costs 20-70 ms, so plots get a shorter list of special values (most of
# them must be refused before anything is drawn) and reuse one set of axes per test.
PLOT_SPECIALS = [
    lambda: None, lambda: "abc", lambda: {}, lambda: [[1.0], [1.0, 2.0]], lambda: float("nan"),
    lambda: float("inf"), lambda: 1e300, lambda: 0, lambda: -1, lambda: HUGE_INT,
    lambda: np.array([]), lambda: np.array([np.nan]), lambda: np.array([1e300, -1e300]),
    lambda: np.ones((2, 2, 2)), lambda: np.array([1 + 2j]), lambda: T.constant([1.0, 2.0]),
    lambda: Opaque,
]


class SharedAxes:
    """Axes made once and reused by every call of a test (cleared when the test starts)."""

    def __init__(self, n=1):
        self.n, self.axes = n, None

    def get(self):
        if self.axes is None:
            from matplotlib.figure import Figure
            self.axes = Figure(figsize=(3 * self.n, 2)).subplots(1, self.n)
        return self.axes

    def clear(self):
        for ax in np.atleast_1d(self.get()):
            ax.clear()


def _axes(n):
    shared = SharedAxes(n)
    return New(shared.get)


AX = _axes(1)


def _gallery(**kwargs):
    """plots.path_gallery, closing any pyplot figure it opens (axes=None makes one)."""
    import matplotlib.pyplot as plt
    before = set(plt.get_fignums())
    try:
        return plots.path_gallery(**kwargs)
    finally:
        for number in set(plt.get_fignums()) - before:
            plt.close(number)

PLOTS = [
    Spec("plots.error_curve", plots.error_curve,
         {"data": 3.0, "true_value": 4.0, "weights": None, "ax": AX},
         {"data": NUMBER, "true_value": NUMBER, "weights": BAD}),
    Spec("plots.path_on_curve", plots.path_on_curve,
         {"history": HISTORY, "data": 3.0, "true_value": 4.0, "ax": AX},
         {"history": BAD, "data": NUMBER, "true_value": NUMBER}),
    Spec("plots.error_per_iteration", plots.error_per_iteration, {"history": HISTORY, "ax": AX},
         {"history": BAD}),
    Spec("plots.search_panels", plots.search_panels,
         {"history": HISTORY, "data": 3.0, "true_value": 4.0, "axes": _axes(2), "title": None},
         {"history": BAD, "data": NUMBER, "true_value": NUMBER, "axes": BAD}),
    Spec("plots.squared_vs_absolute", plots.squared_vs_absolute, {"misses": [-2.0, 0.5, 3.0], "ax": AX},
         {"misses": BAD}),
    Spec("plots.weights_per_iteration", plots.weights_per_iteration,
         {"history": HISTORY, "best_weight": 4 / 3, "ax": AX},
         {"history": BAD, "best_weight": NUMBER}),
    Spec("plots.iterations_needed", plots.iterations_needed,
         {"distances": [0.5, 1.0], "iterations": [3, 6], "ax": AX},
         {"distances": BAD, "iterations": BAD}),
    Spec("plots.run_losses", plots.run_losses,
         {"runs": [RUN], "against": "steps", "ax": AX, "log": True, "floor": None},
         {"runs": BAD, "against": BAD, "floor": NUMBER}),
    Spec("plots.line_loss_paths", plots.line_loss_paths,
         {"x": [1.0, 2.0, 3.0], "y": [2.0, 4.0, 6.0], "runs": [RUN], "ax": AX, "best": None},
         {"x": BAD, "y": BAD, "runs": BAD, "best": BAD}),
    Spec("plots.training_traces", plots.training_traces,
         {"weights": [0.0, 1.0], "biases": [0.0, 0.5], "losses": [4.0, 1.0], "axes": _axes(3)},
         {"weights": BAD, "biases": BAD, "losses": BAD, "axes": BAD}),
    Spec("plots.data_and_predictions", plots.data_and_predictions,
         {"x": [1.0, 2.0], "y": [2.0, 4.0], "predictions": {"line": [2.1, 3.9]}, "ax": AX},
         {"x": BAD, "y": BAD, "predictions": BAD}),
    Spec("plots.forecast", plots.forecast,
         {"series": [5.0, 7.0, 6.0, 9.0], "predictions": {"naive": [7.0, 6.0]},
          "validation_days": 2, "ax": AX, "first_day": 0},
         {"series": BAD, "predictions": BAD, "validation_days": BAD_COUNT, "first_day": BAD_COUNT}),
    Spec("plots.contour_paths", plots.contour_paths,
         {"xs": [0.0, 1.0, 2.0], "ys": [0.0, 1.0], "Z": [[1.0, 2.0, 3.0], [2.0, 3.0, 5.0]],
          "paths": {"gd": [[0.0, 0.0], [1.0, 1.0]]}, "ax": AX, "minimum": None, "levels": 4,
          "colors": None},
         {"xs": BAD, "ys": BAD, "Z": BAD, "paths": BAD, "minimum": BAD, "levels": BAD_COUNT,
          "colors": BAD}),
    Spec("plots.loss_per_step", plots.loss_per_step, {"curves": {"gd": [4.0, 2.0, 1.0]}, "ax": AX},
         {"curves": BAD}),
    Spec("plots.tangent_lines", plots.tangent_lines,
         {"data": 3.0, "true_value": 4.0, "weights": [0.5, 1.0], "ax": AX, "half_width": 0.3},
         {"data": NUMBER, "true_value": NUMBER, "weights": BAD, "half_width": NUMBER}),
    Spec("plots.iterations_vs_alpha", plots.iterations_vs_alpha,
         {"alphas": [0.01, 0.1], "counts": [50, 5], "ax": AX, "one_step_alpha": None,
          "boundary": None},
         {"alphas": BAD, "counts": BAD, "one_step_alpha": NUMBER, "boundary": NUMBER}),
    Spec("plots.path_gallery", _gallery,
         {"histories": [HISTORY], "titles": ["up/down"], "data": 3.0, "true_value": 4.0,
          "axes": None, "ncols": 1},
         {"histories": BAD, "titles": BAD, "data": NUMBER, "true_value": NUMBER,
          "ncols": BAD_COUNT}, target=plots.path_gallery, examples=6),
    Spec("plots.new_figure", plots.new_figure, {"ncols": 2, "figsize": (4, 2), "layout": None},
         {"ncols": BAD_COUNT, "figsize": BAD, "layout": BAD}),
    # --- sliders: the computations behind the pictures
    Spec("sliders.up_down_summary", sliders.up_down_summary,
         {"step": 0.05, "iterations": 5, "weight": 0.5, "data": 3.0, "true_value": 4.0},
         {"step": NUMBER, "iterations": BAD_COUNT, "weight": NUMBER, "data": NUMBER,
          "true_value": NUMBER}),
    Spec("sliders.minibatch_summary", sliders.minibatch_summary,
         {"batch_size": 16, "learning_rate": 0.1, "steps": 5, "seed": 0},
         {"batch_size": BAD_COUNT, "learning_rate": NUMBER, "steps": BAD_COUNT, "seed": BAD_COUNT}),
    Spec("sliders.linreg_lr_summary", sliders.linreg_lr_summary,
         {"learning_rate": 0.1, "steps": 5, "start": (0.0, -3.0)},
         {"learning_rate": NUMBER, "steps": BAD_COUNT, "start": BAD}),
    Spec("sliders.momentum_summary", sliders.momentum_summary,
         {"beta": 0.9, "learning_rate": 0.01, "steps": 5},
         {"beta": NUMBER, "learning_rate": NUMBER, "steps": BAD_COUNT}),
    Spec("sliders.alpha_summary", sliders.alpha_summary,
         {"alpha": 0.1, "iterations": 5, "weight": 0.5, "data": 3.0, "true_value": 4.0,
          "derivative_scale": 2.0},
         {"alpha": NUMBER, "iterations": BAD_COUNT, "weight": NUMBER, "data": NUMBER,
          "true_value": NUMBER, "derivative_scale": NUMBER}),
]


# Known bugs, by spec id: (the arguments that show it, what happens and what should). None open.
BUGS = {}
for _spec in PLOTS:
    _spec.bugs = BUGS.pop(_spec.id, [])
assert not BUGS, f"bugs listed for unknown specs: {sorted(BUGS)}"


for _spec in PLOTS:
    if _spec.id.startswith("plots."):
        _spec.specials = PLOT_SPECIALS
        _spec.examples = min(_spec.examples, 4)


@pytest.mark.parametrize("spec", spec_params(PLOTS))
def test_plots_any_input(spec):
    _clear_shared_axes(spec)
    fuzz_test(spec)


def _clear_shared_axes(spec):
    for value in spec.valid.values():
        if isinstance(value, New) and isinstance(getattr(value.make, "__self__", None), SharedAxes):
            value.make.__self__.clear()


# --- pictures and widgets: only inputs that must be refused before any drawing -----------

REFUSED = [lambda: None, lambda: float("nan"), lambda: -1.0]

PICTURES = [
    (sliders.up_down_picture, {"step": 0.05, "iterations": 5}, ["step", "iterations"]),
    (sliders.minibatch_picture, {"batch_size": 16, "learning_rate": 0.1, "steps": 5},
     ["batch_size", "learning_rate", "steps"]),
    (sliders.linreg_lr_picture, {"learning_rate": 0.1, "steps": 5}, ["learning_rate", "steps"]),
    (sliders.momentum_picture, {"beta": 0.9, "learning_rate": 0.01, "steps": 5},
     ["learning_rate", "steps"]),
    (sliders.alpha_picture, {"alpha": 0.1, "iterations": 5}, ["alpha", "iterations"]),
    (sliders.step_slider, {"iterations": 5}, ["iterations"]),
    (sliders.minibatch_slider, {"steps": 5}, ["steps", "seed"]),
    (sliders.linreg_lr_slider, {"steps": 5}, ["steps"]),
    (sliders.momentum_slider, {"steps": 5}, ["steps"]),
    (sliders.alpha_slider, {"iterations": 5, "prerender": False}, ["data", "derivative_scale"]),
]


@pytest.mark.parametrize("picture, valid, params", PICTURES, ids=[p[0].__name__ for p in PICTURES])
def test_slider_pictures_refuse_bad_settings(picture, valid, params):
    for param in params:
        for make in REFUSED:
            value = make()
            kwargs = {**valid, param: value}
            judge(lambda: _close(picture(**kwargs)), {param: value}, allowed=())


def _close(result):
    """Let a figure or widget go (nothing is registered with pyplot)."""
    return None


def test_slider_helpers_refuse_bad_arguments():
    import ipywidgets
    judge(lambda: sliders.step_slider(steps=None), {"steps": None})
    judge(lambda: sliders.linreg_lr_slider(rates=None), {"rates": None})
    judge(lambda: sliders.momentum_slider(betas="abc"), {"betas": "abc"})
    judge(lambda: sliders.figure_png(None), {"fig": None})
    draw_none = lambda **settings: None  # noqa: E731 - a draw function that forgot its return
    with pytest.raises(TypeError, match="draw must return a matplotlib Figure"):
        sliders.frame_slider(draw_none, {"x": ipywidgets.IntSlider(value=1)})


# Inputs that once broke plots and sliders (their known bugs, now fixed), spelled out: the special
# values and hypothesis's examples above need not hit them again. (spec id, the spoiled arguments)
ONCE_BROKEN = [
    ("plots.error_curve", {"data": 5e-324}),
    ("plots.path_on_curve", {"data": 0}),
    ("plots.path_on_curve", {"data": 5e-324}),
    ("plots.path_on_curve", {"history": None}),
    ("plots.error_per_iteration", {"history": None}),
    ("plots.error_per_iteration", {"history": "abc"}),
    ("plots.search_panels", {"data": 0}),
    ("plots.search_panels", {"axes": "abc"}),
    ("plots.search_panels", {"axes": ""}),
    ("plots.search_panels", {"axes": {}}),
    ("plots.squared_vs_absolute", {"misses": [1e300, -1e300]}),
    ("plots.weights_per_iteration", {"history": None}),
    ("plots.contour_paths", {"paths": None}),
    ("plots.contour_paths", {"paths": {"a": 1}}),
    ("plots.contour_paths", {"colors": []}),
    ("plots.contour_paths", {"colors": {}}),
    ("plots.contour_paths", {"colors": True}),
    ("plots.contour_paths", {"minimum": ""}),
    ("plots.contour_paths", {"minimum": {}}),
    ("plots.loss_per_step", {"curves": None}),
    ("plots.loss_per_step", {"curves": {}}),
    ("plots.loss_per_step", {"curves": {"diverged": [1.0, 1e250, 1.7e308]}}),
    ("plots.tangent_lines", {"half_width": None}),
    ("plots.tangent_lines", {"half_width": []}),
    ("plots.tangent_lines", {"half_width": 1j}),
    ("plots.tangent_lines", {"true_value": 1e300}),
    ("plots.iterations_vs_alpha", {"boundary": "abc"}),
    ("plots.iterations_vs_alpha", {"boundary": 1e300}),
    ("plots.iterations_vs_alpha", {"counts": None}),
    ("plots.iterations_vs_alpha", {"counts": ["a", "b"]}),
    ("plots.path_gallery", {"histories": None}),
    ("plots.path_gallery", {"ncols": 0}),
    ("plots.path_gallery", {"ncols": None}),
    ("plots.path_gallery", {"data": 0}),
    ("plots.new_figure", {"figsize": True}),
    ("plots.new_figure", {"figsize": ["a", "b"]}),
    ("plots.new_figure", {"layout": np.array([])}),
    ("sliders.linreg_lr_summary", {"learning_rate": None}),
    ("sliders.linreg_lr_summary", {"learning_rate": 1.7976931348623157e308}),
    ("sliders.linreg_lr_summary", {"learning_rate": HUGE_INT}),
    ("sliders.linreg_lr_summary", {"start": None}),
    ("sliders.linreg_lr_summary", {"start": "abc"}),
    ("sliders.momentum_summary", {"beta": None}),
    ("sliders.momentum_summary", {"beta": True}),
    ("sliders.momentum_summary", {"beta": 1e300}),
    ("sliders.alpha_summary", {"derivative_scale": np.array([])}),
]
SPECS = {spec.id: spec for spec in PLOTS}


@pytest.mark.parametrize("spec_id, spoiled", ONCE_BROKEN,
                         ids=[f"{i}-{list(k)[0]}" for i, k in ONCE_BROKEN])
def test_inputs_that_once_broke_plots_and_sliders(spec_id, spoiled):
    spec = SPECS[spec_id]
    _clear_shared_axes(spec)
    kwargs = {**fresh(spec.valid), **spoiled}
    judge(lambda: spec.call(**kwargs), spoiled, spec.names, spec.allowed)
