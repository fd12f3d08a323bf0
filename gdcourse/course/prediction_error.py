"""How wrong is a prediction? (lesson 01)

The course's first "neural network" has one weight:

    prediction = data * weight

and we measure how wrong it is with the squared error

    error = (prediction - true_value) ** 2

Every function here accepts plain numbers or numpy arrays (element by
element) and rejects text, None, NaN and infinity with a clear message.
A result too big for float64 (a miss of 1e300, squared) comes back as
``inf``, without a warning: that is its honest value.
"""
import numpy as np

from gdcourse import validate


def _as_output(values):
    """Give numbers back as a float and arrays back as arrays."""
    return float(values) if np.ndim(values) == 0 else values


def _pair(prediction, true_value, names=("prediction", "true_value")):
    p = validate.array(names[0], prediction, allow_empty=True)
    t = validate.array(names[1], true_value, allow_empty=True)
    try:
        np.broadcast_shapes(p.shape, t.shape)
    except ValueError:
        raise ValueError(
            f"{names[0]} and {names[1]} must have matching shapes, got {p.shape} and {t.shape}"
        ) from None
    return p, t


def _fit_together(**arrays):
    """Refuse arrays whose shapes numpy cannot broadcast together, naming them."""
    try:
        np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        names = list(arrays)
        together = ", ".join(names[:-1]) + " and " + names[-1]
        shapes = ", ".join(f"{name} {a.shape}" for name, a in arrays.items())
        raise ValueError(f"{together} must have matching shapes, got {shapes}") from None


def predict(data, weight):
    """The one-weight network: ``prediction = data * weight``."""
    d = validate.array("data", data, allow_empty=True)
    w = validate.array("weight", weight)
    _fit_together(data=d, weight=w)
    with np.errstate(over="ignore"):
        return _as_output(d * w)


def squared_error(prediction, true_value):
    """``(prediction - true_value) ** 2``: never negative, and big misses count more.

    >>> squared_error(1.5, 4)
    6.25
    """
    p, t = _pair(prediction, true_value)
    with np.errstate(over="ignore"):  # a huge miss is honestly infinite, not a warning
        return _as_output((p - t) ** 2)


def absolute_error(prediction, true_value):
    """``|prediction - true_value|``: never negative, but a miss twice as big costs only twice as much."""
    p, t = _pair(prediction, true_value)
    with np.errstate(over="ignore"):
        return _as_output(np.abs(p - t))


def mean_squared_error(predictions, true_values):
    """The average of the squared errors over several points (MSE).

    >>> mean_squared_error([1, 2, 3], [1, 2, 5])  # (0 + 0 + 4) / 3
    1.3333333333333333
    """
    p, t = _pair(predictions, true_values, names=("predictions", "true_values"))
    if p.size == 0 or t.size == 0:
        raise ValueError("predictions and true_values must not be empty")
    with np.errstate(over="ignore"):
        return float(np.mean((p - t) ** 2))


def error_derivative(weight, data, true_value):
    """The slope of the squared error with respect to the weight.

    error(w)  = (data*w - true)**2
    error'(w) = 2 * data * (data*w - true)      (the chain rule)
    """
    w = validate.array("weight", weight)
    d = validate.array("data", data)
    t = validate.array("true_value", true_value)
    _fit_together(weight=w, data=d, true_value=t)
    with np.errstate(over="ignore"):
        return _as_output(2 * d * (d * w - t))


def article_derivative(weight, data, true_value):
    """The source article's derivative, which drops the 2: ``(data*w - true) * data``.

    It is exactly half the true slope. It still points downhill, so gradient
    descent still works, but every step is half as long as the math says; a
    learning rate tuned for one is off by a factor of 2 for the other.
    The order of operations copies the article so its printed tables come out
    digit for digit.
    """
    w = validate.array("weight", weight)
    d = validate.array("data", data)
    t = validate.array("true_value", true_value)
    _fit_together(weight=w, data=d, true_value=t)
    with np.errstate(over="ignore"):
        return _as_output((d * w - t) * d)
