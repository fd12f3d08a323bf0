"""How wrong is a prediction ``data * weight``? The squared error and its slope (lessons 01, 03),
element by element; a miss too big to square is honestly ``inf``."""
import numpy as np

from gdcourse import validate
from gdcourse.framework import losses
from gdcourse.framework.tensor import quiet
from gdcourse.locale import _


def _arrays(**named):  # each argument as a float array, refusing shapes that do not broadcast
    arrays = [validate.array(name, value, allow_empty=True) for name, value in named.items()]
    try:
        np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        names, shapes = list(named), [str(a.shape) for a in arrays]
        raise ValueError(_("{names} and {last} must have matching shapes, got {shapes} and {last_shape}",
                           names=", ".join(names[:-1]), last=names[-1], shapes=", ".join(shapes[:-1]),
                           last_shape=shapes[-1])) from None
    return arrays


def _out(values):
    return float(values) if np.ndim(values) == 0 else values


def squared_error(prediction, true_value):
    """``(prediction - true_value) ** 2``: never negative, and big misses count more."""
    p, t = _arrays(prediction=prediction, true_value=true_value)
    with quiet():
        return _out((p - t) ** 2)


def mean_squared_error(y_true, y_pred):
    """The mean of the squared errors over all points, as one number (Keras's argument order)."""
    t, p = _arrays(y_true=y_true, y_pred=y_pred)
    if t.size == 0 or p.size == 0:
        raise ValueError(_("y_true and y_pred must not be empty"))
    if t.size != p.size:  # one true value for many predictions: spread it out
        t, p = np.broadcast_arrays(t, p)
    return mse(t.ravel(), p.ravel())


def mse(y_true, y_pred):
    """The unchecked float MSE for loops; the one overflow policy: past float64 it is ``inf``."""
    if not np.all(np.isfinite(y_pred)):
        return float("inf")
    return float(np.mean(losses.mean_squared_error(y_true, y_pred)))


def error_derivative(weight, data, true_value):
    """The slope of the squared error in the weight: ``2 * data * (data*w - true)`` (chain rule)."""
    w, d, t = _arrays(weight=weight, data=data, true_value=true_value)
    with quiet():
        return _out(2 * d * (d * w - t))


def article_derivative(weight, data, true_value):
    """The article's slope ``(data*w - true) * data``: half the true one (it drops the 2), in the
    article's order of operations, so its tables come out digit for digit."""
    w, d, t = _arrays(weight=weight, data=data, true_value=true_value)
    with quiet():
        return _out((d * w - t) * d)
