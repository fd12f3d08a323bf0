"""Searching for a good weight: guess up or down, then gradient descent (lessons 02-04).
All arithmetic is one float at a time, so the article's tables match to the bit."""
from collections import namedtuple

import numpy as np

from gdcourse import validate
from gdcourse.course.jsformat import js_number
from gdcourse.course.prediction_error import error_derivative
from gdcourse.framework.tensor import quiet
from gdcourse.locale import N_, _

Step = namedtuple("Step", "iteration weight prediction error")

FLOAT64_MAX = float(np.finfo(np.float64).max)  # about 1.8e308


class Trace(list):
    """A search's ``Step``s, printed as the article's lines; error ``evaluations``; ``note`` if it stopped."""

    def __init__(self, steps, evaluations, note=""):
        super().__init__(steps)
        self.evaluations, self.note = evaluations, note

    diverged = property(lambda self: bool(self.note))
    weights = property(lambda self: np.array([s.weight for s in self]))
    predictions = property(lambda self: np.array([s.prediction for s in self]))
    errors = property(lambda self: np.array([s.error for s in self]))

    def lines(self):
        return [f"iteration {s.iteration} error: {js_number(s.error)} prediction: {js_number(s.prediction)}"
                for s in self]

    def __repr__(self):  # str() too: list leaves __str__ to object, which calls this
        return "\n".join(self.lines() + ([self.note] if self.note else []))


def _start(weight, data, true_value, iterations):
    return (validate.number("weight", weight), validate.number("data", data),
            validate.number("true_value", true_value), validate.integer("iterations", iterations, minimum=1))


def _squared_miss(prediction, true_value):
    miss = prediction - true_value
    return miss * miss  # plain floats: overflow gives inf, never a warning


def up_down_search(weight=0.5, data=3.0, true_value=4.0, step=0.05, iterations=20):
    """Score ``weight``, ``weight + step`` and ``weight - step``; keep the better move (down on a tie)."""
    weight, data, true_value, iterations = _start(weight, data, true_value, iterations)
    step = validate.number("step", step, positive=True)
    steps = []
    for i in range(1, iterations + 1):
        prediction = data * weight
        steps.append(Step(i, weight, prediction, _squared_miss(prediction, true_value)))
        up_error = _squared_miss(data * (weight + step), true_value)
        down_error = _squared_miss(data * (weight - step), true_value)
        weight = weight + step if up_error < down_error else weight - step
        if not abs(weight) <= FLOAT64_MAX:
            return Trace(steps, 3 * i, _("Stopped after iteration {i}: the next weight would be larger than float64 "
                                         "can hold (about 1.8e308).", i=i))
    return Trace(steps, 3 * iterations)


def gradient_descent(weight=0.5, data=3.0, true_value=4.0, alpha=1.0, iterations=20,
                     derivative=error_derivative):
    """``weight -= alpha * derivative(weight, data, true_value)``, ``iterations`` times; a run whose
    error passes float64 stops there with a ``note``. ``article_derivative`` reproduces the tables."""
    weight, data, true_value, iterations = _start(weight, data, true_value, iterations)
    alpha = validate.number("alpha", alpha, positive=True)
    if not callable(derivative):
        raise TypeError(_("derivative must be a function of (weight, data, true_value), got {type}",
                          type=type(derivative).__name__))
    steps, note = [], ""
    for i in range(1, iterations + 1):
        prediction = data * weight
        error = _squared_miss(prediction, true_value)
        if not (abs(prediction) <= FLOAT64_MAX and error <= FLOAT64_MAX):
            note = _divergence_note(steps, true_value)
            break
        steps.append(Step(i, weight, prediction, error))
        with quiet():
            weight = weight - alpha * _slope(derivative(weight, data, true_value), weight)
    return Trace(steps, len(steps), note)


def _slope(value, weight):  # what the learner's derivative returned, as a float, or a clear error
    try:
        slope = float(value)
    except OverflowError:
        return float("inf") if value > 0 else float("-inf")
    except (TypeError, ValueError):
        raise TypeError(_("derivative must return one number, got {type} {value!r:.80}", type=type(value).__name__,
                          value=value)) from None
    if slope != slope:
        raise ValueError(_("derivative returned NaN (not a number) at weight {weight!r}", weight=weight))
    return slope


def _divergence_note(steps, true_value):
    if not steps:
        return _("Stopped before iteration 1: the starting error is already larger than float64 can hold "
                 "(about 1.8e308).")
    text = _("Stopped after iteration {i}: the next error would be larger than float64 can hold (about 1.8e308). "
             "This run diverged.", i=steps[-1].iteration)
    if len(steps) >= 2 and steps[-2].prediction != true_value:
        factor = (steps[-1].prediction - true_value) / (steps[-2].prediction - true_value)
        text += " " + _("Each step multiplied the miss by {factor:.3g}.", factor=factor)
    return text


# --- Lesson 04: when does gradient descent converge? --------------------------------

def contraction_factor(alpha, data, derivative_scale=2.0):
    """``1 - s * alpha * data**2`` (s: 2 for the true slope, 1 for the article's): what one step
    multiplies the miss ``w - w_best`` by. The run converges exactly when it is in (-1, 1)."""
    alpha = validate.number("alpha", alpha, positive=True)
    data = validate.number("data", data)
    scale = validate.number("derivative_scale", derivative_scale, positive=True)
    if data == 0:  # exactly 1, even where scale * alpha overflows (inf * 0 is NaN)
        return 1.0
    return 1.0 - scale * alpha * data * data


SLOW_STEPS = 100  # "too slow": shrinking the miss 1000-fold takes more than this many steps

REGIMES = {  # a regime's name (what ``regime`` returns) -> what happens; REGIME_NAMES: the name to show
    "too slow": N_("each step only nibbles at the miss: it converges, but needs hundreds of steps"),
    "monotone": N_("every step moves the same way and the miss shrinks steadily"),
    "one step": N_("the first step lands exactly on the best weight"),
    "oscillating": N_("each step overshoots to the other side, but by less each time: it converges"),
    "edge": N_("each step overshoots by exactly as much as it was off: it bounces forever"),
    "diverging": N_("each step overshoots by more than it was off: the miss grows without limit"),
}
REGIME_NAMES = {"too slow": N_("too slow"), "monotone": N_("monotone"), "one step": N_("one step"),
                "oscillating": N_("oscillating"), "edge": N_("edge"), "diverging": N_("diverging")}


def regime(alpha, data, derivative_scale=2.0):
    """Name the behaviour of gradient descent for this alpha: one of ``REGIMES``."""
    r = contraction_factor(alpha, data, derivative_scale)
    if abs(r) < 1e-12:
        return "one step"
    if abs(abs(r) - 1) < 1e-12:
        return "edge"
    if abs(r) > 1:
        return "diverging"
    if r < 0:
        return "oscillating"
    return "too slow" if r ** SLOW_STEPS > 1e-3 else "monotone"


def largest_stable_alpha(data, derivative_scale=2.0):
    """The boundary: alpha must stay below ``2 / (derivative_scale * data**2)``."""
    data = validate.number("data", data)
    if data == 0:
        raise ValueError(_("data must not be 0: with data 0 the weight has no effect on the error"))
    curvature = validate.number("derivative_scale", derivative_scale, positive=True) * data * data
    return 2.0 / curvature if curvature else float("inf")  # data so tiny that data**2 is 0


def iterations_to_converge(alpha, weight=0.5, data=3.0, true_value=4.0, tolerance=1e-10,
                           max_iterations=1000, derivative=error_derivative):
    """How many iterations until the error is below ``tolerance`` (None if it never gets there)."""
    tolerance = validate.number("tolerance", tolerance, positive=True)
    trace = gradient_descent(weight, data, true_value, alpha, max_iterations, derivative)
    below = np.nonzero(trace.errors < tolerance)[0]
    return int(below[0]) + 1 if below.size else None
