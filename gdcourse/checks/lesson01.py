"""Checks for lesson 01, "How wrong is a prediction?": cases, and the slips that explain a wrong answer."""
import numpy as np

from gdcourse.course import prediction_error
from gdcourse.checks.core import check_function, check_value

__all__ = ["squared_error", "mean_squared_error", "best_weight"]

# Numbers first (a first version often works only for numbers), then arrays, one broadcast against a number.
SQUARED_ERROR_CASES = [(1.5, 4.0), (4.0, 4.0), (5.0, 2.0), (-1.0, 2.0), (0.25, 1.0),
                       (np.array([1.5, 3.9, 4.05]), np.array([4.0, 4.0, 4.0])), (np.array([1.0, 2.0, 3.0]), 2.0)]

_SQUARE_SEPARATELY = "(prediction - true_value)**2. Subtract first, then square."
SQUARED_ERROR_MISTAKES = [
    ("You forgot to square: that is the plain difference prediction - true_value. "
     "It is negative whenever the prediction is too low. Square it with `** 2`.", lambda p, t: p - t),
    ("You forgot to square: that is the plain difference true_value - prediction. Square it with `** 2`.",
     lambda p, t: t - p),
    ("That is the absolute error |prediction - true_value|. It is never negative, but it does not "
     "make big misses count more: square the difference instead.", lambda p, t: np.abs(p - t)),
    ("Your errors are negative. In Python `-x ** 2` means `-(x ** 2)`, so the minus sign is applied "
     "after squaring. (Note that `(true_value - prediction) ** 2` is fine: it gives the same number.)",
     lambda p, t: -(p - t) ** 2),
    ("You squared each number separately: prediction**2 - true_value**2 is not " + _SQUARE_SEPARATELY,
     lambda p, t: p ** 2 - t ** 2),
    ("You squared each number separately: true_value**2 - prediction**2 is not " + _SQUARE_SEPARATELY,
     lambda p, t: t ** 2 - p ** 2),
    ("Order of operations: `prediction - true_value ** 2` squares only true_value, because ** binds "
     "tighter than -. Put brackets around the difference: `(prediction - true_value) ** 2`.",
     lambda p, t: p - t ** 2),
    ("Order of operations: `prediction ** 2 - true_value` squares only the prediction. "
     "Put brackets around the difference: `(prediction - true_value) ** 2`.", lambda p, t: p ** 2 - t),
    ("You doubled the difference (`* 2`) instead of squaring it (`** 2`).", lambda p, t: (p - t) * 2),
    ("You halved the square. Some books use ½(prediction - true_value)² to tidy up the derivative, "
     "but the squared error in this course (and in the article) has no ½.", lambda p, t: 0.5 * (p - t) ** 2),
]


def _python_pitfall(message):
    """A sentence for two errors that Python raises with a confusing message."""
    message = message if message.endswith((".", "?", "!")) else message + "."
    if "for ^" in message:
        return message + " In Python `^` is not a power (it is bitwise XOR): write `** 2`."
    if "converted to Python scalars" in message:
        return message + (" The `math` module works on single numbers only; use `** 2` or "
                          "`np.square`, which also work element by element on arrays.")
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
    ("You added the squared errors up but did not divide by how many there are: "
     "that is the sum, not the mean. Use `np.mean` (or divide by `len(...)`).", lambda p, t: np.sum((p - t) ** 2)),
    ("You took the mean of the differences first and squared afterwards. Misses of opposite signs "
     "then cancel out before they are squared. Square each difference first, then take the mean.",
     lambda p, t: np.mean(p - t) ** 2),
    ("That is the root mean squared error (RMSE): you took a square root at the end. "
     "The mean squared error stops before the root.", lambda p, t: np.sqrt(np.mean((p - t) ** 2))),
    ("That is the mean absolute error: square each difference instead of taking its absolute value.",
     lambda p, t: np.mean(np.abs(p - t))),
    ("You divided by one less than the number of points (n - 1). That is the rule for an unbiased "
     "variance estimate; the mean squared error divides by n.", lambda p, t: np.sum((p - t) ** 2) / (p.size - 1)),
    ("You forgot to square: that is the mean of the differences, where misses of opposite signs cancel.",
     lambda p, t: np.mean(p - t)),
]


def mean_squared_error(learner_fn):
    """Check ``mean_squared_error(predictions, true_values)`` (numpy arrays in, one number out)."""
    return check_function(
        "mean_squared_error", learner_fn, MSE_CASES, prediction_error.mean_squared_error, MSE_MISTAKES,
        explain_error=_python_pitfall,
        shape_advice="It should return one number, so the values must be combined into one. Did you forget "
                     "the mean? Average the squared errors, e.g. with `np.mean`.")


BEST_WEIGHT_HINTS = [
    ("That is data / true_value, upside down. You need data * weight = true_value, "
     "so divide the true value by the data.", 3 / 4),
    ("That is data * true_value. You need data * weight = true_value: divide instead.", 12.0),
    ("That is the starting weight, whose error is 6.25. Which weight makes data * weight equal 4?", 0.5),
    ("That is the prediction at the starting weight, not a weight.", 1.5),
    ("That is the true value. Which weight turns the data 3 into the prediction 4?", 4.0),
]


def best_weight(value):
    """Check the weight that gives error 0 when data is 3 and the true value is 4."""
    def rounded(v):
        if abs(v - 4 / 3) < 0.01:
            return (f"{v:.6g} is close, but rounded. 4/3 = 1.333... never ends "
                    "in decimal: let Python do the division and write `4 / 3`.")
    return check_value("best_weight", value, 4 / 3, hints=BEST_WEIGHT_HINTS, explain=rounded)
