"""Checks for lesson 04. ``gd_step``'s cases avoid alpha = 0.5 and 1 (where "forgot the 2" and "forgot alpha" agree).
``largest_alpha``: the boundary (true derivative, data = 3); a wrong value gets a hint, never the answer itself."""
import math

import numpy as np

from gdcourse.course import searches
from gdcourse.checks.core import CheckResult, check_function, check_value
from gdcourse.locale import N_, _

__all__ = ["gd_step", "largest_alpha", "predict_factor", "predict_fastest_alpha"]


def _slope(w, d, t):
    return 2 * d * (d * w - t)


def _reference_step(weight, data, true_value, alpha):
    return weight - alpha * _slope(weight, data, true_value)


GD_STEP_CASES = [  # (weight, data, true_value, alpha)
    (0.5, 3.0, 4.0, 0.1),     # overshoots to 2.0
    (0.5, 3.0, 4.0, 0.01),    # a small step: 0.65
    (2.0, 3.0, 4.0, 0.05),    # past the best weight: back down to 1.4
    (-1.0, 0.5, 2.0, 0.2), (1.0, -2.0, 1.0, 0.03),   # the second: negative data
    (np.array([0.5, 4 / 3, 2.0]), 3.0, 4.0, 0.05),  # several weights at once
]

_NEW_WEIGHT = "return weight - alpha * error'(w)"
GD_STEP_MISTAKES = [
    (N_("Your step goes uphill: you added alpha * error'(w). Gradient descent subtracts the slope."),
     lambda w, d, t, a: w + a * _slope(w, d, t)),
    (N_("alpha is missing: your function takes the whole step weight - error'(w), the one that diverged in "
        "lesson 03."), lambda w, d, t, a: w - _slope(w, d, t)),
    (N_("Your steps are exactly half as long as they should be: that is the article's derivative, which drops the 2."),
     lambda w, d, t, a: w - a * d * (d * w - t)),
    (N_("alpha is applied twice (alpha**2 * slope). Multiply the slope by alpha once."),
     lambda w, d, t, a: w - a * a * _slope(w, d, t)),
    (N_("You divided the slope by alpha. A small learning rate should make a small step: multiply by alpha."),
     lambda w, d, t, a: w - _slope(w, d, t) / a),
    (N_("Your function returns the step, -alpha * error'(w), not the new weight: {new}.", new=_NEW_WEIGHT),
     lambda w, d, t, a: -a * _slope(w, d, t)),
    (N_("Your function returns alpha * error'(w), not the new weight: {new}.", new=_NEW_WEIGHT),
     lambda w, d, t, a: a * _slope(w, d, t)),
    (N_("Your function returns the new prediction (data * new weight). Return the new weight itself."),
     lambda w, d, t, a: d * _reference_step(w, d, t, a)),
]


def gd_step(learner_fn):
    """Check ``gd_step(weight, data, true_value, alpha)``: one gradient-descent update, true derivative."""
    return check_function("gd_step", learner_fn, GD_STEP_CASES, _reference_step, GD_STEP_MISTAKES)


DATA = 3.0
BOUNDARY = searches.largest_stable_alpha(DATA, derivative_scale=2)  # 1 / data**2
_UNSQUARED = N_("Did you forget to square data? The factor is 1 - 2*alpha*data**2, with data**2 = 9.")
BOUNDARY_HINTS = [
    (N_("That is the boundary for the article's derivative (no 2); the true steps are twice as long."), 2 / DATA ** 2),
    (N_("That is the one-step alpha (factor 0). Larger alphas still converge: go further."), 1 / (2 * DATA ** 2)),
    (_UNSQUARED, 1 / DATA), (_UNSQUARED, 2 / DATA),
    (N_("0.1 converges (its factor is -0.8), but a little more still converges: where does the factor reach -1?"),
     0.1), (N_("Right size, wrong sign: a learning rate is a positive number."), -BOUNDARY),
]


def _what_happens(alpha):
    if not math.isfinite(alpha):
        return _("{alpha} is not a number you can step with: give a finite alpha.", alpha=alpha)
    if not alpha > 0:
        return _("{alpha:g} is not a learning rate: alpha must be greater than 0.", alpha=alpha)
    if alpha > BOUNDARY:  # even one float past it: the factor is below -1, however little
        return _("alpha = {alpha!r} is past the boundary: the factor 1 - 2*alpha*data**2 is below -1, each overshoot "
                 "is bigger than the last, and it diverges. Go lower.", alpha=alpha)
    regime = searches.REGIME_NAMES[searches.regime(alpha, DATA)]
    return _("Alpha = {alpha:.6g}: the factor 1 - 2*alpha*data**2 is {factor:.4g} ({regime}): it still converges, so "
             "the boundary is higher. Where does it reach -1?", alpha=alpha,
             factor=searches.contraction_factor(alpha, DATA), regime=regime)


def largest_alpha(value):
    """Check the boundary alpha (true derivative, data = 3) beyond which gradient descent stops converging."""
    result = check_value("largest_alpha", value, BOUNDARY, rtol=2e-3, hints=BOUNDARY_HINTS, explain=_what_happens,
                         praise=N_("At alpha = 1/9 the factor 1 - 2*alpha*9 is exactly -1: the weight bounces between "
                                   "two points forever. Every smaller alpha converges, every larger one diverges."))
    return CheckResult("largest_alpha", "fail", _what_happens(float(value))) if result and value > BOUNDARY else result


def predict_factor(value):
    """Prediction: the factor 1 - 2*alpha*data**2 for alpha = 0.09 (true derivative, data 3)."""
    return check_value("my_prediction", value, -0.62, praise=N_("Between -1 and 0: oscillating, and it converges."),
                       hints=[(N_("0.19 is the article's factor, 1 - alpha*data**2; use the true derivative's "
                                  "1 - 2*alpha*data**2."), 0.19),
                              (N_("Right size, wrong sign: 2 * 0.09 * 9 = 1.62 is more than 1."), 0.62),
                              (N_("Don't forget the 1 -."), -1.62)])


def predict_fastest_alpha(value):
    """Prediction: which of 0.03, 1/18, 0.09, 0.1 converges in the fewest iterations (true derivative, data 3)."""
    return check_value("my_prediction", value, 1 / 18, rtol=2e-3, praise=N_("Its factor is 0: one step lands."), hints=[
        (N_("alpha {alpha:g} has factor {factor:.3g}: which alpha makes the factor 0?", alpha=a, factor=1 - 18 * a), a)
        for a in (0.03, 0.09, 0.1)])
