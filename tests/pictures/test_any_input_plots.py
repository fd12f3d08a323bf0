"""Any input, part 3: the sliders, the pictures' boundary with the learner.

A learner calls the slider functions in a notebook (and may change their
settings); fed bad settings they must raise TypeError/ValueError naming the
argument, never an error from inside numpy or matplotlib, and never a
RuntimeWarning. The plot functions draw what the lesson computed and are not
fuzzed. The slider pictures take a second to draw, so they get only inputs
that must fail before any drawing; their summaries (the same computation,
without the figure) get the full treatment. Harness and rules: ``any_input.py``.
"""
import numpy as np
import pytest
from hypothesis import strategies as st

from gdcourse.pictures import sliders
from any_input import BAD, BAD_COUNT, HUGE_INT, Spec, fresh, fuzz_test, judge, spec_params

NUMBER = st.one_of(BAD, st.floats(-10, 10))

SUMMARIES = [
    # --- sliders: the computations behind the pictures
    Spec("sliders.up_down_summary", sliders.up_down_summary,
         {"step": 0.05, "iterations": 5, "weight": 0.5, "data": 3.0, "true_value": 4.0},
         {"step": NUMBER, "iterations": BAD_COUNT, "weight": NUMBER, "data": NUMBER,
          "true_value": NUMBER}),
    Spec("sliders.minibatch_summary", sliders.minibatch_summary,
         {"batch_size": 16, "learning_rate": 0.1, "steps": 5, "seed": 0},
         {"batch_size": BAD_COUNT, "learning_rate": NUMBER, "steps": BAD_COUNT, "seed": BAD_COUNT}),
    Spec("sliders.linreg_lr_summary", sliders.linreg_lr_summary,
         {"learning_rate": 0.1, "steps": 5}, {"learning_rate": NUMBER, "steps": BAD_COUNT}),
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
for _spec in SUMMARIES:
    _spec.bugs = BUGS.pop(_spec.id, [])
assert not BUGS, f"bugs listed for unknown specs: {sorted(BUGS)}"


@pytest.mark.parametrize("spec", spec_params(SUMMARIES))
def test_slider_summaries_any_input(spec):
    fuzz_test(spec)


# --- pictures and widgets: only inputs that must be refused before any drawing -----------

REFUSED = [lambda: None, lambda: float("nan"), lambda: -1.0]

PICTURES = [
    (sliders.up_down_picture, {"step": 0.05, "iterations": 5}, ["step", "iterations"]),
    (sliders.minibatch_picture, {"batch_size": 16, "learning_rate": 0.1, "steps": 5},
     ["batch_size", "learning_rate", "steps"]),
    (sliders.linreg_lr_picture, {"learning_rate": 0.1, "steps": 5}, ["learning_rate", "steps"]),
    (sliders.momentum_picture, {"beta": 0.9, "learning_rate": 0.01, "steps": 5},
     ["learning_rate", "steps"]),
    (sliders.AlphaPicture(), {"alpha": 0.1, "iterations": 5}, ["alpha", "iterations"]),
    (sliders.step_slider, {"iterations": 5}, ["iterations"]),
    (sliders.minibatch_slider, {"steps": 5}, ["steps", "seed"]),
    (sliders.linreg_lr_slider, {"steps": 5}, ["steps"]),
    (sliders.momentum_slider, {"steps": 5}, ["steps"]),
    (sliders.alpha_slider, {"iterations": 5}, ["data", "derivative_scale"]),
]


@pytest.mark.parametrize("picture, valid, params", PICTURES, ids=[getattr(p[0], "__name__", "AlphaPicture") for p in PICTURES])
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
    judge(lambda: sliders.step_slider(steps=None), {"steps": None})
    judge(lambda: sliders.linreg_lr_slider(rates=None), {"rates": None})
    judge(lambda: sliders.momentum_slider(betas="abc"), {"betas": "abc"})


# Inputs that once broke the sliders (their known bugs, now fixed), spelled out: the special
# values and hypothesis's examples above need not hit them again. (spec id, the spoiled arguments)
ONCE_BROKEN = [
    ("sliders.linreg_lr_summary", {"learning_rate": None}),
    ("sliders.linreg_lr_summary", {"learning_rate": 1.7976931348623157e308}),
    ("sliders.linreg_lr_summary", {"learning_rate": HUGE_INT}),
    ("sliders.momentum_summary", {"beta": None}),
    ("sliders.momentum_summary", {"beta": True}),
    ("sliders.momentum_summary", {"beta": 1e300}),
    ("sliders.alpha_summary", {"derivative_scale": np.array([])}),
]
SPECS = {spec.id: spec for spec in SUMMARIES}


@pytest.mark.parametrize("spec_id, spoiled", ONCE_BROKEN,
                         ids=[f"{i}-{list(k)[0]}" for i, k in ONCE_BROKEN])
def test_inputs_that_once_broke_the_sliders(spec_id, spoiled):
    spec = SPECS[spec_id]
    kwargs = {**fresh(spec.valid), **spoiled}
    judge(lambda: spec.call(**kwargs), spoiled, spec.names, spec.allowed)
