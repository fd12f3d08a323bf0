"""Checks for lesson 03, "Gradient descent that diverges": ``error_derivative`` against the exact formula and,
once right, against the slope measured on the error curve by a central difference."""
import numpy as np

from gdcourse.checks.core import CheckResult, check_function, check_value
from gdcourse.locale import N_, _

__all__ = ["error_derivative", "distance_factor", "predict_first_step", "predict_true_factor"]


def _exact(weight, data, true_value):
    return 2 * data * (data * weight - true_value)


def _measured_slope(weight, data, true_value, h=1e-6):  # a central difference on the error curve
    return ((data * (weight + h) - true_value) ** 2 - (data * (weight - h) - true_value) ** 2) / (2 * h)


DERIVATIVE_CASES = [  # (weight, data, true_value)
    (0.5, 3.0, 4.0),                                        # the article's start: slope -15
    (2.0, 3.0, 4.0),                                        # past the best weight: slope +12
    (-1.0, 0.5, 2.0), (1.5, -2.0, 1.0),                     # the second: negative data
    (np.array([0.5, 4 / 3, 2.0]), 3.0, 4.0),                # several weights at once
    (0.25, np.array([1.0, 2.0, 5.0]), np.array([3.0, -1.0, 0.5])),
]

_TRUE = "2 * data * (data*weight - true_value)"
DERIVATIVE_MISTAKES = [
    (N_("Your slope is exactly half the true one: the article's version drops the 2. The derivative of "
        "(something)**2 is 2 * (something) times the derivative of the something."), lambda w, d, t: d * (d * w - t)),
    (N_("The factor data is missing: the chain rule was forgotten. data*weight - true_value grows by `data` per "
        "unit of weight, so multiply by data."), lambda w, d, t: 2 * (d * w - t)),
    (N_("Both the 2 and the factor data are missing: data*weight - true_value is the miss, not the slope."),
     lambda w, d, t: d * w - t),
    (N_("The sign is flipped: you used (true_value - prediction), so a step would go uphill. Use {true}.", true=_TRUE),
     lambda w, d, t: 2 * d * (t - d * w)),
    (N_("The sign is flipped and the 2 is missing: use {true}.", true=_TRUE), lambda w, d, t: d * (t - d * w)),
    (N_("That is the slope with respect to data (the factor is weight); differentiate with respect to the weight."),
     lambda w, d, t: 2 * w * (d * w - t)),
    (N_("Your function returns the error itself, (data*weight - true_value)**2, not its slope."),
     lambda w, d, t: (d * w - t) ** 2),
    (N_("Check the parentheses: the miss must be in brackets, {true}.", true=_TRUE), lambda w, d, t: 2 * d * d * w - t),
    (N_("Inside the brackets you need the prediction data * weight, not the weight alone."),
     lambda w, d, t: 2 * d * (w - t)),
]


def error_derivative(learner_fn):
    """Check ``error_derivative(weight, data, true_value)``: the exact slope, and the measured one."""
    name = "error_derivative"
    tip = N_("Tip: measure the slope on the curve, (error(w + h) - error(w - h)) / (2h) with a small h; at weight 0.5, "
             "data 3, true value 4 it is {slope:.6f}.", slope=_measured_slope(*DERIVATIVE_CASES[0]))
    result = check_function(name, learner_fn, DERIVATIVE_CASES, _exact, DERIVATIVE_MISTAKES, tip=tip)
    if not result:  # no known slip: the tip shows what the curve itself says
        return result
    if not check_function(name, learner_fn, DERIVATIVE_CASES, _exact):  # the same answers a second time?
        return CheckResult(name, "fail", _("Your function gave a different answer the second time it was called. "
                                           "Does it change a global variable, or its inputs?"))
    gap = max(np.max(np.abs(_exact(*args) - _measured_slope(*args)) / np.maximum(1.0, np.abs(_measured_slope(*args))))
              for args in DERIVATIVE_CASES)
    return CheckResult(name, "pass", _("{message} Your slopes also agree with the slopes measured on the error curve "
                                       "by a central difference (to within {gap:.0e}).", message=result.message,
                                       gap=gap))


FACTOR_HINTS = [  # data = 2, no learning rate, the true derivative: the factor is 1 - 2 * 2**2 = -7
    (N_("-3 is 1 - data**2: the factor for the article's derivative (no 2). Here: the true derivative."), -3.0),
    (N_("-8 is -2 * data**2: how much the miss changes. The new miss is the old miss plus that change."), -8.0),
    (N_("Right size, wrong sign: the step overshoots the target, so the miss changes sign every step."), 7.0),
    (N_("9 = 1 + 2 * data**2: a step that adds the slope instead of subtracting it."), 9.0),
    (N_("-17 is the factor for data = 3. Here data = 2."), -17.0),
]


def distance_factor(value):
    """Check the factor one gradient step (no learning rate, true derivative, data = 2) multiplies the miss by."""
    return check_value("distance_factor", value, -7.0, hints=FACTOR_HINTS,
                       praise=N_("Times -7 every step: the miss flips side and grows sevenfold, so this run diverges "
                                 "too."))


def predict_first_step(value):
    """Prediction: the weight after the article's first step, 0.5 - 3 * (3 * 0.5 - 4)."""
    return check_value("my_prediction", value, 8.0,
                       praise=N_("0.5 - (-7.5) = 8: right way, far too far (4/3 is best)."),
                       hints=[(N_("4/3 is where it should go; but where does the step of 7.5 take 0.5?"), 4 / 3),
                              (N_("-7 is 0.5 + slope: subtract it."), -7.0),
                              (N_("15.5 uses the true slope, -15."), 15.5)])


def predict_true_factor(value):
    """Prediction: the factor one step with the true derivative (no learning rate, data 3) multiplies the miss by."""
    return check_value("my_prediction", value, -17.0, praise=N_("1 - 2 * data**2 = -17: overshoot, 17 times as far."),
                       hints=[(N_("-16 doubles all of -8, but only the step doubles: new miss = miss - 18 * miss."),
                               -16.0), (N_("-8 is the article's factor."), -8.0),
                              (N_("Right size, wrong sign: it overshoots."), 17.0)])
