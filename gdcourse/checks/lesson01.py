"""Checks for lesson 01, "How wrong is a prediction?": cases, and the slips that explain a wrong answer."""
import numpy as np

from gdcourse.course import prediction_error
from gdcourse.checks.core import check_function, check_value
from gdcourse.locale import N_, _

__all__ = ["squared_error", "mean_squared_error", "best_weight", "predict_quadruple", "predict_lower_mse"]

# Numbers first (a first version often works only for numbers), then arrays, one broadcast against a number.
SQUARED_ERROR_CASES = [(1.5, 4.0), (4.0, 4.0), (5.0, 2.0), (-1.0, 2.0), (0.25, 1.0),
                       (np.array([1.5, 3.9, 4.05]), np.array([4.0, 4.0, 4.0])), (np.array([1.0, 2.0, 3.0]), 2.0)]
_BRACKETS = N_("Put brackets around the difference: `(prediction - true_value) ** 2`.")
SQUARED_ERROR_MISTAKES = [
    (N_("You forgot to square: that is the plain difference prediction - true_value, negative whenever the "
        "prediction is too low. Square it with `** 2`."), lambda p, t: p - t),
    (N_("You forgot to square: that is the plain difference true_value - prediction. Square it with `** 2`."),
     lambda p, t: t - p),
    (N_("That is the absolute error |prediction - true_value|: never negative, but big misses do not count more. "
        "Square the difference instead."), lambda p, t: np.abs(p - t)),
    (N_("Your errors are negative. In Python `-x ** 2` means `-(x ** 2)`: the minus comes after squaring."),
     lambda p, t: -(p - t) ** 2),
    (N_("You squared each number separately: prediction**2 - true_value**2 is not (prediction - true_value)**2."),
     lambda p, t: p ** 2 - t ** 2),
    (N_("You squared each number separately: true_value**2 - prediction**2 is not (prediction - true_value)**2."),
     lambda p, t: t ** 2 - p ** 2),
    (N_("`prediction - true_value ** 2` squares only true_value (** binds tighter than -). {brackets}",
        brackets=_BRACKETS), lambda p, t: p - t ** 2),
    (N_("`prediction ** 2 - true_value` squares only the prediction. {brackets}", brackets=_BRACKETS),
     lambda p, t: p ** 2 - t),
    (N_("You doubled the difference (`* 2`) instead of squaring it (`** 2`)."), lambda p, t: (p - t) * 2),
    (N_("You halved the square: some books use ½(prediction - true_value)², but the squared error here has no ½."),
     lambda p, t: 0.5 * (p - t) ** 2),
]


def _python_pitfall(message):  # a sentence for two errors that Python words confusingly
    message = message if message.endswith((".", "?", "!")) else message + "."
    if "for ^" in message:
        return message + " " + _("In Python `^` is not a power (it is bitwise XOR): write `** 2`.")
    if "converted to Python scalars" in message:
        return message + " " + _("The `math` module works on single numbers only; use `** 2` or `np.square`.")
    return None


def squared_error(learner_fn):
    """Check ``squared_error(prediction, true_value)`` on numbers and on numpy arrays."""
    return check_function("squared_error", learner_fn, SQUARED_ERROR_CASES, lambda p, t: (p - t) ** 2,
                          SQUARED_ERROR_MISTAKES, explain_error=_python_pitfall)


MSE_CASES = [
    (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0])),             # (0 + 0 + 4) / 3
    (np.array([1.5, 3.9, 4.05]), np.array([4.0, 4.0, 4.0])),
    (np.array([2.0, -1.0, 0.5, 3.0]), np.array([1.0, 1.0, 1.0, 1.0])),  # misses of both signs
    (np.array([6.0, 1.0]), np.array([2.0, 4.0])),
]
MSE_MISTAKES = [
    (N_("You added the squared errors up without dividing by how many there are: the sum, not the mean. "
        "Use `np.mean`."), lambda p, t: np.sum((p - t) ** 2)),
    (N_("You took the mean of the differences first and squared afterwards, so misses of opposite signs cancel. "
        "Square each difference first."), lambda p, t: np.mean(p - t) ** 2),
    (N_("That is the root mean squared error (RMSE): the mean squared error stops before the square root."),
     lambda p, t: np.sqrt(np.mean((p - t) ** 2))),
    (N_("That is the mean absolute error: square each difference instead of taking its absolute value."),
     lambda p, t: np.mean(np.abs(p - t))),
    (N_("You divided by n - 1 (the rule for an unbiased variance); the mean squared error divides by n."),
     lambda p, t: np.sum((p - t) ** 2) / (p.size - 1)),
    (N_("You forgot to square: that is the mean of the differences, where misses of opposite signs cancel."),
     lambda p, t: np.mean(p - t)),
]


def mean_squared_error(learner_fn):
    """Check ``mean_squared_error(predictions, true_values)`` (numpy arrays in, one number out)."""
    return check_function(
        "mean_squared_error", learner_fn, MSE_CASES, prediction_error.mean_squared_error, MSE_MISTAKES,
        explain_error=_python_pitfall, shape_advice=N_("It should return one number, so the values must be "
                                                       "combined into one. Did you forget the mean? Use `np.mean`."))


def best_weight(value):
    """Check the weight that gives error 0 when data is 3 and the true value is 4."""
    return check_value("best_weight", value, 4 / 3, explain=lambda v: _(
        "{value:.6g} is close, but rounded: let Python do the division and write `4 / 3`.", value=v)
        if abs(v - 4 / 3) < 0.01 else None, hints=[
        (N_("That is data / true_value, upside down. You need data * weight = true_value."), 3 / 4),
        (N_("That is data * true_value. You need data * weight = true_value: divide instead."), 12.0),
        (N_("That is the starting weight, whose error is 6.25. Which weight makes data * weight equal 4?"), 0.5),
        (N_("That is the prediction at the starting weight, not a weight."), 1.5),
        (N_("That is the true value. Which weight turns the data 3 into the prediction 4?"), 4.0)])


def predict_quadruple(value):
    """Prediction: how many times the squared error of a miss of 1 is that of a miss of 2."""
    return check_value("my_prediction", value, 4, praise=N_("2 ** 2 = 4: double the miss, four times the error."),
                       hints=[(N_("Twice is how the absolute error grows; the squared error grows with the square of "
                                  "the miss."), 2)])


def predict_lower_mse(value):
    """Prediction: which set of predictions, 1 (one miss of 3) or 2 (four misses of 1), has the lower MSE?"""
    return check_value("my_prediction", value, 2, rtol=0, praise=N_("Four misses of 1 cost 4 / 4 = 1, one miss of 3 "
                       "costs 9 / 4 = 2.25."), explain=lambda v: _("Choose 1 (set A) or 2 (set B)."), hints=[
        (N_("Set A misses less in total (3 against 4), but its one miss of 3 costs 3² = 9 on its own."), 1)])
