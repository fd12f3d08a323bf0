"""Losses: one number that says how wrong the predictions are.

Same names and conventions as ``keras.losses``:

- the *functions* ``mean_squared_error(y_true, y_pred)`` and
  ``mean_absolute_error(y_true, y_pred)`` average over the **last axis**,
  giving one loss per sample (a scalar for 1-D inputs)::

      mse(y_true, y_pred) = mean((y_true - y_pred) ** 2, axis=-1)
      mae(y_true, y_pred) = mean(|y_true - y_pred|,      axis=-1)

- the *classes* ``MeanSquaredError()`` and ``MeanAbsoluteError()`` give a
  callable that also averages over the samples, so the result is one
  number -- the thing ``fit`` minimizes and ``GradientTape`` can
  differentiate.

Both work on numpy arrays (giving numpy results) and on gdcourse Tensors
(giving Tensors that a tape records). Note the argument order: the true
values come first.

As in Keras, if one argument has one dimension more than the other and that
dimension has length 1 (shape ``(n, 1)`` against ``(n,)``), it is squeezed
away first. Any other difference in shape raises ``ValueError`` instead of
silently broadcasting ``(n,)`` against ``(n, 1)`` into an ``(n, n)`` table.
"""
import numpy as np

from gdcourse.framework import tensor as T
from gdcourse import validate

__all__ = [
    "mean_squared_error", "mean_absolute_error", "mse", "mae",
    "Loss", "MeanSquaredError", "MeanAbsoluteError", "get",
]


def _align(y_true, y_pred):
    """The two arguments as (numpy or Tensor) values of the same shape.

    Returns ``(y_true, y_pred, use_tensors)``.
    """
    use_tensors = isinstance(y_true, T.Tensor) or isinstance(y_pred, T.Tensor)
    if not isinstance(y_true, T.Tensor):
        y_true = validate.array("y_true", y_true)
        y_true = T.constant(y_true) if use_tensors else y_true
    if not isinstance(y_pred, T.Tensor):
        y_pred = validate.array("y_pred", y_pred)
        y_pred = T.constant(y_pred) if use_tensors else y_pred
    if y_true.shape != y_pred.shape:
        reshape = T.reshape if use_tensors else np.reshape
        if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
            y_true = reshape(y_true, y_true.shape[:-1])
        elif y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
            y_pred = reshape(y_pred, y_pred.shape[:-1])
        if y_true.shape != y_pred.shape:
            raise ValueError(
                f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}: a loss "
                "compares each prediction with its own true value, so they need the same "
                "number of values"
            )
    return y_true, y_pred, use_tensors


def _mean_last_axis(values, use_tensors):
    if values.ndim == 0:
        return values
    if use_tensors:
        return T.reduce_mean(values, axis=-1)
    return np.mean(values, axis=-1)


def mean_squared_error(y_true, y_pred):
    """Mean of the squared errors over the last axis (Keras' ``mse``).

    ``mean((y_true - y_pred) ** 2, axis=-1)``: shape ``(n,)`` for inputs of
    shape ``(n, 1)``, a single number for 1-D inputs.
    """
    y_true, y_pred, use_tensors = _align(y_true, y_pred)
    if use_tensors:
        return _mean_last_axis(T.square(y_true - y_pred), True)
    with np.errstate(over="ignore"):  # a miss too big for float64 is honestly inf
        return _mean_last_axis((y_true - y_pred) ** 2, False)


def mean_absolute_error(y_true, y_pred):
    """Mean of the absolute errors over the last axis (Keras' ``mae``).

    ``mean(|y_true - y_pred|, axis=-1)``.
    """
    y_true, y_pred, use_tensors = _align(y_true, y_pred)
    if use_tensors:
        return _mean_last_axis(T.abs(y_true - y_pred), True)
    with np.errstate(over="ignore"):  # a miss too big for float64 is honestly inf
        return _mean_last_axis(np.abs(y_true - y_pred), False)


# Keras' short names.
mse = mean_squared_error
mae = mean_absolute_error


class Loss:
    """A loss as an object: ``loss(y_true, y_pred)`` gives **one** number,
    the mean over everything (Keras' default reduction).

    ``fit`` uses ``value_and_gradient`` below: the loss and its derivative
    with respect to the predictions, written out by hand, so training does
    not need a tape.
    """

    name = "loss"

    def __init__(self, fn=None, name=None):
        if not callable(fn):
            raise TypeError("fn must be a loss function fn(y_true, y_pred) returning the loss "
                            f"of each sample, got {type(fn).__name__}")
        self.fn = fn
        if name is not None:
            self.name = name

    def __call__(self, y_true, y_pred):
        per_sample = self.fn(y_true, y_pred)
        if isinstance(per_sample, T.Tensor):
            return T.reduce_mean(per_sample)
        with np.errstate(over="ignore"):  # a mean beyond float64 is honestly inf
            return float(np.mean(_checked_losses(per_sample)))

    def value_and_gradient(self, y_true, y_pred):
        """``(loss, d loss / d y_pred)`` for numpy arrays of the same shape, or
        ``None`` when this loss has no hand-written derivative (``fit`` then
        uses a GradientTape)."""
        return None

    def __repr__(self):
        return f"{type(self).__name__}()"


def _checked_losses(values):
    """The per-sample losses a loss function ``fn`` returned, as a float64 array.

    Infinity is an honest loss (a miss too big for float64); NaN, text,
    None, nothing at all ... are refused with a clear error.
    """
    name = "the result of the loss function fn"
    if isinstance(values, (float, np.ndarray)) and np.asarray(values).dtype.kind == "f":
        values = np.asarray(values, dtype=np.float64)  # numpy's own result: only NaN to check
        if values.size == 0 or np.isnan(values).any():
            raise ValueError(f"{name} must hold numbers (no NaN), got {values!r:.60}")
        return values
    return validate.array(name, values)


class MeanSquaredError(Loss):
    """``MeanSquaredError()(y_true, y_pred) = mean((y_true - y_pred) ** 2)``, one number.

    Its derivative, used by ``fit`` (``N`` = number of values)::

        d loss / d y_pred = 2 * (y_pred - y_true) / N
    """

    name = "mean_squared_error"

    def __init__(self):
        super().__init__(mean_squared_error)

    def value_and_gradient(self, y_true, y_pred):
        error = y_pred - y_true
        loss = np.vdot(error, error) / error.size  # sum of squared errors / N
        return loss, (2.0 / error.size) * error


class MeanAbsoluteError(Loss):
    """``MeanAbsoluteError()(y_true, y_pred) = mean(|y_true - y_pred|)``, one number.

    Its derivative, used by ``fit`` (``N`` = number of values)::

        d loss / d y_pred = sign(y_pred - y_true) / N
    """

    name = "mean_absolute_error"

    def __init__(self):
        super().__init__(mean_absolute_error)

    def value_and_gradient(self, y_true, y_pred):
        error = y_pred - y_true
        loss = np.abs(error).sum() / error.size
        return loss, np.sign(error) / error.size


_BY_NAME = {
    "mse": MeanSquaredError, "mean_squared_error": MeanSquaredError,
    "meansquarederror": MeanSquaredError,
    "mae": MeanAbsoluteError, "mean_absolute_error": MeanAbsoluteError,
    "meanabsoluteerror": MeanAbsoluteError,
}
_BY_FUNCTION = {mean_squared_error: MeanSquaredError, mean_absolute_error: MeanAbsoluteError}


def get(identifier):
    """A :class:`Loss` from a name (``'mse'``, ``'mean_squared_error'``, ``'mae'``,
    ``'mean_absolute_error'``), a loss class or object, or a function
    ``fn(y_true, y_pred)``.

    A function of your own is wrapped so that calling the result averages
    ``fn``'s output to one number; ``fit`` differentiates it with a tape, so
    write it with gdcourse operations.
    """
    if isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Loss) and identifier is not Loss:
        return identifier()
    if isinstance(identifier, str):
        cls = _BY_NAME.get(identifier.lower())
        if cls is None:
            known = ", ".join(repr(n) for n in ("mse", "mean_squared_error", "mae",
                                                 "mean_absolute_error"))
            raise ValueError(f"unknown loss {identifier!r}; known names are {known}")
        return cls()
    if callable(identifier):
        if identifier in _BY_FUNCTION:  # our own functions get their hand-written derivative
            return _BY_FUNCTION[identifier]()
        return Loss(identifier, name=getattr(identifier, "__name__", "loss"))
    raise TypeError(
        "loss must be a name such as 'mse', a loss such as losses.MeanSquaredError(), or a "
        f"function loss(y_true, y_pred), got {type(identifier).__name__}"
    )
