"""Checks for lesson 01, "How wrong is a prediction?".

Each check runs your function on a handful of cases. When an answer is
wrong it compares your answers with typical wrong versions (listed below,
one per mistake) so the feedback can say what probably happened.
"""
import numpy as np

from gdcourse.course import prediction_error
from gdcourse.checks.core import CheckResult, as_answer, check_function, check_value

__all__ = ["squared_error", "mean_squared_error", "best_weight"]


# --- squared_error(prediction, true_value) -------------------------------------------

# Numbers first (a learner's first version often works only for numbers),
# then arrays, including one that is broadcast against a single true value.
SQUARED_ERROR_CASES = [
    (1.5, 4.0),                 # the article's example: 6.25
    (4.0, 4.0),                 # a perfect prediction: 0
    (5.0, 2.0),                 # prediction too high
    (-1.0, 2.0),                # a negative prediction
    (0.25, 1.0),                # a miss smaller than 1 shrinks when squared
    (np.array([1.5, 3.9, 4.05]), np.array([4.0, 4.0, 4.0])),
    (np.array([1.0, 2.0, 3.0]), 2.0),
]

SQUARED_ERROR_MISTAKES = [
    ("You forgot to square: that is the plain difference prediction - true_value. "
     "It is negative whenever the prediction is too low. Square it with `** 2`.",
     lambda p, t: p - t),
    ("You forgot to square: that is the plain difference true_value - prediction. Square it with `** 2`.",
     lambda p, t: t - p),
    ("That is the absolute error |prediction - true_value|. It is never negative, but it does not "
     "make big misses count more: square the difference instead.",
     lambda p, t: np.abs(p - t)),
    ("Your errors are negative. In Python `-x ** 2` means `-(x ** 2)`, so the minus sign is applied "
     "after squaring. (Note that `(true_value - prediction) ** 2` is fine: it gives the same number.)",
     lambda p, t: -(p - t) ** 2),
    ("You squared each number separately: prediction**2 - true_value**2 is not "
     "(prediction - true_value)**2. Subtract first, then square.",
     lambda p, t: p ** 2 - t ** 2),
    ("You squared each number separately: true_value**2 - prediction**2 is not "
     "(prediction - true_value)**2. Subtract first, then square.",
     lambda p, t: t ** 2 - p ** 2),
    ("Order of operations: `prediction - true_value ** 2` squares only true_value, because ** binds "
     "tighter than -. Put brackets around the difference: `(prediction - true_value) ** 2`.",
     lambda p, t: p - t ** 2),
    ("Order of operations: `prediction ** 2 - true_value` squares only the prediction. "
     "Put brackets around the difference: `(prediction - true_value) ** 2`.",
     lambda p, t: p ** 2 - t),
    ("You doubled the difference (`* 2`) instead of squaring it (`** 2`).",
     lambda p, t: (p - t) * 2),
    ("You halved the square. Some books use ½(prediction - true_value)² to tidy up the derivative, "
     "but the squared error in this course (and in the article) has no ½.",
     lambda p, t: 0.5 * (p - t) ** 2),
]


def _reference_squared_error(p, t):
    return (np.asarray(p, dtype=float) - np.asarray(t, dtype=float)) ** 2


def _sentence(text):
    return text if text.endswith((".", "?", "!")) else text + "."


def _explain_python_pitfalls(result):
    """Add a sentence for two errors that Python raises with a confusing message."""
    if result or result.status != "fail":
        return result
    if "for ^" in result.message:
        return CheckResult(result.name, "fail", _sentence(result.message) +
                           " In Python `^` is not a power (it is bitwise XOR): write `** 2`.")
    if "converted to Python scalars" in result.message:
        return CheckResult(result.name, "fail", _sentence(result.message) +
                           " The `math` module works on single numbers only; use `** 2` or "
                           "`np.square`, which also work element by element on arrays.")
    return result


def squared_error(learner_fn):
    """Check ``squared_error(prediction, true_value)`` on numbers and on numpy arrays."""
    result = check_function("squared_error", learner_fn, SQUARED_ERROR_CASES,
                            _reference_squared_error, mistakes=SQUARED_ERROR_MISTAKES)
    return _explain_python_pitfalls(result)


# --- mean_squared_error(predictions, true_values) ------------------------------------

MSE_CASES = [
    (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0])),             # (0 + 0 + 4) / 3
    (np.array([1.5, 3.9, 4.05]), np.array([4.0, 4.0, 4.0])),
    (np.array([2.0, -1.0, 0.5, 3.0]), np.array([1.0, 1.0, 1.0, 1.0])),  # misses of both signs
    (np.array([6.0, 1.0]), np.array([2.0, 4.0])),
]

MSE_MISTAKES = [
    ("You added the squared errors up but did not divide by how many there are: "
     "that is the sum, not the mean. Use `np.mean` (or divide by `len(...)`).",
     lambda p, t: np.sum((p - t) ** 2)),
    ("You took the mean of the differences first and squared afterwards. Misses of opposite signs "
     "then cancel out before they are squared. Square each difference first, then take the mean.",
     lambda p, t: np.mean(p - t) ** 2),
    ("That is the root mean squared error (RMSE): you took a square root at the end. "
     "The mean squared error stops before the root.",
     lambda p, t: np.sqrt(np.mean((p - t) ** 2))),
    ("That is the mean absolute error: square each difference instead of taking its absolute value.",
     lambda p, t: np.mean(np.abs(p - t))),
    ("You divided by one less than the number of points (n - 1). That is the rule for an unbiased "
     "variance estimate; the mean squared error divides by n.",
     lambda p, t: np.sum((p - t) ** 2) / (p.size - 1)),
    ("You forgot to square: that is the mean of the differences, where misses of opposite signs cancel.",
     lambda p, t: np.mean(p - t)),
]


def _reference_mse(p, t):
    return prediction_error.mean_squared_error(p, t)


def mean_squared_error(learner_fn):
    """Check ``mean_squared_error(predictions, true_values)`` (numpy arrays in, one number out)."""
    result = check_function("mean_squared_error", learner_fn, MSE_CASES, _reference_mse,
                            mistakes=MSE_MISTAKES)
    if result.status == "fail" and "combined into one" in result.message:
        return CheckResult(result.name, "fail", result.message +
                           " Did you forget the mean? Average the squared errors, e.g. with `np.mean`.")
    return _explain_python_pitfalls(result)


# --- best_weight: which weight makes the error 0 for data 3, true value 4? -----------

def best_weight(value):
    """Check the weight that gives error 0 when data is 3 and the true value is 4."""
    expected = 4 / 3
    hints = [
        ("That is data / true_value, upside down. You need data * weight = true_value, "
         "so divide the true value by the data.", 3 / 4),
        ("That is data * true_value. You need data * weight = true_value: divide instead.", 12.0),
        ("That is the starting weight, whose error is 6.25. Which weight makes data * weight equal 4?", 0.5),
        ("That is the prediction at the starting weight, not a weight.", 1.5),
        ("That is the true value. Which weight turns the data 3 into the prediction 4?", 4.0),
    ]
    result = check_value("best_weight", value, expected, hints=hints)
    answer = as_answer(value)  # None when it is not a number (10**400 becomes inf)
    if result.status == "fail" and answer is not None and answer.ndim == 0 and abs(answer - expected) < 0.01:
        return CheckResult("best_weight", "fail",
                           f"{float(answer):.6g} is close, but rounded. 4/3 = 1.333... never ends "
                           "in decimal: let Python do the division and write `4 / 3`.")
    return result
