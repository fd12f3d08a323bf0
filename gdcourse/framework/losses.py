"""Losses, with Keras' names and order (y_true, y_pred): functions give one loss per sample
(the mean over the last axis), classes one number. Numpy in, numpy out; a Tensor in, a Tensor out.
"""
import numpy as np

from gdcourse import validate
from gdcourse.framework import tensor as T


def _per_sample(error, y_true, y_pred):
    """``mean(error(y_true - y_pred), axis=-1)``; as in Keras, (n, 1) against (n,) is squeezed."""
    tensors = isinstance(y_true, T.Tensor) or isinstance(y_pred, T.Tensor)
    y_true, y_pred = (y if isinstance(y, T.Tensor) else T._result(validate.array(name, y))
                      for y, name in ((y_true, "y_true"), (y_pred, "y_pred")))
    if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        y_true = T.reshape(y_true, y_pred.shape)
    elif y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        y_pred = T.reshape(y_pred, y_true.shape)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}: a "
                         "loss compares each prediction with its true value: they need the same shape")
    loss = T.reduce_mean(error(y_true - y_pred), axis=-1 if y_true.ndim else None)
    return loss if tensors else loss.numpy()


def mean_squared_error(y_true, y_pred):
    """``mean((y_true - y_pred) ** 2, axis=-1)``: THE mean squared error of gdcourse."""
    return _per_sample(T.square, y_true, y_pred)


def mean_absolute_error(y_true, y_pred):
    """``mean(|y_true - y_pred|, axis=-1)``."""
    return _per_sample(T.abs, y_true, y_pred)


mse, mae = mean_squared_error, mean_absolute_error  # Keras' short names


class Loss:
    """``Loss(fn)(y_true, y_pred)``: the mean of ``fn``'s losses; ``value_and_gradient``: by hand."""

    name, fn = "loss", None

    def __init__(self, fn=None, name=None):
        fn = self.fn if fn is None else fn
        if not callable(fn):
            raise TypeError("fn must be a loss function fn(y_true, y_pred) returning the loss "
                            f"of each sample, got {type(fn).__name__}")
        self.fn, self.name = fn, name or self.name

    def __call__(self, y_true, y_pred):
        losses = self.fn(y_true, y_pred)
        try:
            mean = T.reduce_mean(losses)
        except (TypeError, ValueError) as e:  # fn returned text, None, NaN, nothing ...
            raise type(e)(f"the result of the loss function fn: {e}") from None
        return mean if isinstance(losses, T.Tensor) else float(mean)

    def value_and_gradient(self, y_true, y_pred): return None


class MeanSquaredError(Loss):
    """``mean((y_true - y_pred) ** 2)``; d loss / d y_pred = 2 (y_pred - y_true) / N."""

    name, fn = "mean_squared_error", staticmethod(mean_squared_error)

    def value_and_gradient(self, y_true, y_pred):
        error = y_pred - y_true
        return np.vdot(error, error) / error.size, (2.0 / error.size) * error


class MeanAbsoluteError(Loss):
    """``mean(|y_true - y_pred|)``; d loss / d y_pred = sign(y_pred - y_true) / N."""

    name, fn = "mean_absolute_error", staticmethod(mean_absolute_error)

    def value_and_gradient(self, y_true, y_pred):
        error = y_pred - y_true
        return np.abs(error).sum() / error.size, np.sign(error) / error.size


_BY_NAME = {"mse": MeanSquaredError, "mean_squared_error": MeanSquaredError,
            "mae": MeanAbsoluteError, "mean_absolute_error": MeanAbsoluteError}


def get(identifier):
    """A Loss from a name (``'mse'``, ``'mae'``...), a Loss class or object, or a function."""
    if isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Loss) and identifier is not Loss:
        return identifier()
    if isinstance(identifier, str) or any(identifier is f for f in (mse, mae)):
        name = getattr(identifier, "__name__", identifier).lower()  # ours: the derivative by hand
        if name not in _BY_NAME:
            raise ValueError(f"unknown loss {identifier!r}; known names are 'mse', "
                             "'mean_squared_error', 'mae', 'mean_absolute_error'")
        return _BY_NAME[name]()
    if callable(identifier):
        return Loss(identifier, name=getattr(identifier, "__name__", "loss"))
    raise TypeError("loss must be a name such as 'mse', a loss such as MeanSquaredError(), or a "
                    f"function loss(y_true, y_pred), got {type(identifier).__name__}")
