"""The mean squared error, with Keras's names and argument order ``(y_true, y_pred)``.

``mean_squared_error`` gives one loss per sample (the mean over the last axis);
``MeanSquaredError()`` gives their mean, one number. Numpy in, numpy out; a Tensor in,
a Tensor out, so a GradientTape can follow it.
"""
import numpy as np

from gdcourse import validate
from gdcourse.framework import tensor as T
from gdcourse.locale import _


def _aligned(y_true, y_pred):
    """Both as Tensors of one shape; as in Keras, (n, 1) against (n,) is squeezed."""
    tensors = isinstance(y_true, T.Tensor) or isinstance(y_pred, T.Tensor)
    if not isinstance(y_true, T.Tensor):
        y_true = T.constant(validate.array("y_true", y_true))
    if not isinstance(y_pred, T.Tensor):
        y_pred = T.constant(validate.array("y_pred", y_pred))
    if y_true.shape != y_pred.shape:
        if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
            y_true = T.reshape(y_true, y_pred.shape)
        elif y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
            y_pred = T.reshape(y_pred, y_true.shape)
        if y_true.shape != y_pred.shape:
            raise ValueError(_("y_true has shape {true} but y_pred has shape {pred}: a loss compares each prediction "
                               "with its true value, so they need the same shape", true=y_true.shape,
                               pred=y_pred.shape))
    return y_true, y_pred, tensors


def _squared_error(t, p, axis):
    d = t - p
    total = np.add.reduce(d * d, axis)
    return total / (d.size // max(np.size(total), 1))


def _mse(y_true, y_pred, axis):
    """The MSE along ``axis`` as one op: its value, and its rule d/dp = 2 (p - t) / n."""
    def backward(g, t, p, y):
        n = t.size // max(y.size, 1)
        g = g if axis is None else np.expand_dims(g, axis)
        d = (2.0 / n) * (p - t) * g
        return -d, d
    return T.op("mean_squared_error", _squared_error, backward, {"axis": axis},
                y_true=y_true, y_pred=y_pred)


def mean_squared_error(y_true, y_pred):
    """``mean((y_true - y_pred) ** 2, axis=-1)``: one loss per sample; THE MSE of gdcourse."""
    y_true, y_pred, tensors = _aligned(y_true, y_pred)
    loss = _mse(y_true, y_pred, -1 if y_true.ndim else None)
    return loss if tensors else loss.numpy()


mse = mean_squared_error  # Keras's short name


class MeanSquaredError:
    """``MeanSquaredError()(y_true, y_pred)``: the mean of the samples' losses, one number."""

    name = "mean_squared_error"

    def __call__(self, y_true, y_pred):
        y_true, y_pred, tensors = _aligned(y_true, y_pred)
        if y_true.ndim <= 1 or y_true.shape[-1] == 1:  # one number per sample: the mean of all
            mean = _mse(y_true, y_pred, None)
        else:
            mean = T.reduce_mean(_mse(y_true, y_pred, -1))
        return mean if tensors else float(mean)


def get(identifier):
    """The loss named ``'mse'`` or ``'mean_squared_error'``, or a loss function or object."""
    if isinstance(identifier, str) and identifier.lower() in ("mse", "mean_squared_error"):
        return MeanSquaredError()
    if isinstance(identifier, MeanSquaredError):
        return identifier
    if identifier is mean_squared_error or identifier is MeanSquaredError:
        return MeanSquaredError()
    if isinstance(identifier, str):
        raise ValueError(_("unknown loss {loss!r}: gdcourse has 'mse' (mean_squared_error)", loss=identifier))
    if callable(identifier):
        return identifier
    raise TypeError(_("loss must be a name such as 'mse', a loss such as MeanSquaredError(), or a function "
                      "loss(y_true, y_pred), got {type}", type=type(identifier).__name__))
