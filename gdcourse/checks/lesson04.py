"""Checks for lesson 04, "The learning rate alpha".

``gd_step`` is one gradient-descent update with the true derivative. Its
cases use learning rates other than 0.5 and 1 (with alpha = 0.5 "forgot the
2" and "forgot alpha" would give the same number) and a weight past the
best one.

``largest_alpha`` asks for the boundary alpha, for the true derivative and
data = 3, where convergence stops. Strictly no alpha is "the largest that
converges" (at the boundary the weight bounces between two points forever,
and every smaller alpha converges), so the boundary itself is the answer.
A wrong value gets a hint about what it is (the article's boundary, the
one-step alpha, ...) or about what gradient descent does there, never the
answer itself.
"""
import math

import numpy as np

from gdcourse.course import searches
from gdcourse.checks.core import CheckResult, as_answer, check_function, check_value

__all__ = ["gd_step", "largest_alpha"]


def _slope(w, d, t):
    return 2 * d * (d * w - t)


def _reference_step(weight, data, true_value, alpha):
    return weight - alpha * _slope(weight, data, true_value)


GD_STEP_CASES = [  # (weight, data, true_value, alpha)
    (0.5, 3.0, 4.0, 0.1),     # overshoots to 2.0
    (0.5, 3.0, 4.0, 0.01),    # a small step: 0.65
    (2.0, 3.0, 4.0, 0.05),    # past the best weight: back down to 1.4
    (-1.0, 0.5, 2.0, 0.2),
    (1.0, -2.0, 1.0, 0.03),   # negative data
    (np.array([0.5, 4 / 3, 2.0]), 3.0, 4.0, 0.05),  # several weights at once
]

GD_STEP_MISTAKES = [
    ("Your step goes uphill: you added alpha * error'(w). The slope points to where the error grows, "
     "so gradient descent subtracts it: weight - alpha * error'(w).",
     lambda w, d, t, a: w + a * _slope(w, d, t)),
    ("alpha is missing: your function takes the whole step weight - error'(w), the one that diverged "
     "in lesson 03. Multiply the slope by alpha.",
     lambda w, d, t, a: w - _slope(w, d, t)),
    ("Your steps are exactly half as long as they should be: that is the article's derivative, "
     "data * (data*weight - true_value), which drops the 2. Use the true derivative "
     "2 * data * (data*weight - true_value).",
     lambda w, d, t, a: w - a * d * (d * w - t)),
    ("alpha is applied twice (alpha**2 * slope). Multiply the slope by alpha once.",
     lambda w, d, t, a: w - a * a * _slope(w, d, t)),
    ("You divided the slope by alpha. A small learning rate should make a small step: multiply by alpha.",
     lambda w, d, t, a: w - _slope(w, d, t) / a),
    ("Your function returns the step, -alpha * error'(w), not the new weight. Add it to the weight.",
     lambda w, d, t, a: -a * _slope(w, d, t)),
    ("Your function returns alpha * error'(w), not the new weight: return weight - alpha * error'(w).",
     lambda w, d, t, a: a * _slope(w, d, t)),
    ("Your function returns the new prediction (data * new weight). Return the new weight itself.",
     lambda w, d, t, a: d * _reference_step(w, d, t, a)),
]


def gd_step(learner_fn):
    """Check ``gd_step(weight, data, true_value, alpha)``: one gradient-descent update, true derivative."""
    return check_function("gd_step", learner_fn, GD_STEP_CASES, _reference_step, mistakes=GD_STEP_MISTAKES)


# Exercise 2: the boundary alpha for the TRUE derivative with data = 3.
DATA = 3.0
BOUNDARY = searches.largest_stable_alpha(DATA, derivative_scale=2)  # 1 / data**2
RTOL = 2e-3  # accepts 0.111 as well as 1/9; 0.11 is too far

BOUNDARY_HINTS = [
    ("That is the boundary for the article's derivative, which drops the 2. This question uses the true "
     "derivative 2 * data * (data*w - true): its steps are twice as long, so where does it stop converging?",
     2 / DATA ** 2),
    ("That is the one-step alpha: the factor 1 - 2*alpha*data**2 is 0 there, so the first step lands on the "
     "best weight. Larger alphas still converge (they overshoot, by less each time). Go further.",
     1 / (2 * DATA ** 2)),
    ("Did you forget to square data? The factor is 1 - 2*alpha*data**2, with data**2 = 9.",
     1 / DATA),
    ("Did you forget to square data? The factor is 1 - 2*alpha*data**2, with data**2 = 9.",
     2 / DATA),
    ("0.1 converges (its factor is 1 - 2*0.1*9 = -0.8), but it is not the boundary: a little more still "
     "converges. Find the alpha where the factor reaches -1.",
     0.1),
    ("Right size, wrong sign: a learning rate is a positive number.",
     -BOUNDARY),
]


def _describe(alpha):
    """What gradient descent does at this alpha, in words (without giving away the boundary)."""
    factor = searches.contraction_factor(alpha, DATA, 2)
    name = searches.regime(alpha, DATA, 2)
    if name == "diverging":
        return (f"With alpha = {alpha:.6g} the factor 1 - 2*alpha*data**2 is {factor:.4g}: each step overshoots "
                "by more than it was off, so the run diverges. The boundary is lower.")
    return (f"With alpha = {alpha:.6g} the factor 1 - 2*alpha*data**2 is {factor:.4g} ({name}): gradient descent "
            "still converges there, so the boundary is higher. Where does the factor reach -1?")


def largest_alpha(value):
    """Check the boundary alpha (true derivative, data = 3) beyond which gradient descent stops converging."""
    result = check_value("largest_alpha", value, BOUNDARY, rtol=RTOL, hints=BOUNDARY_HINTS)
    if result:
        return CheckResult("largest_alpha", "pass",
                           f"{result.message} At alpha = 1/9 the factor 1 - 2*alpha*9 is exactly -1: the weight "
                           "bounces between two points forever. Every smaller alpha converges, every larger one "
                           "diverges.")
    if result.status == "todo" or any(result.message == hint for hint, _ in BOUNDARY_HINTS):
        return result
    answer = as_answer(value)
    if answer is None or answer.ndim != 0:
        return result  # not a single number: the core message says so
    alpha = float(answer)
    if not math.isfinite(alpha):
        return CheckResult("largest_alpha", "fail", f"{alpha} is not a number you can step with: give a finite alpha.")
    if not alpha > 0:
        return CheckResult("largest_alpha", "fail",
                           f"{alpha:g} is not a learning rate: alpha must be greater than 0 (a step of size 0 "
                           "never moves, and a negative one goes uphill).")
    return CheckResult("largest_alpha", "fail", _describe(alpha))
