"""TensorFlow's names for gdcourse, so the articles' code runs with one line changed.

    import gdcourse.tf as tf          # instead of: import tensorflow as tf

    tf.random.set_seed(23)
    W = tf.Variable(tf.random.normal([1]), name="weight")
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(y - W * x))
    tf.optimizers.SGD(learning_rate=1e-5).apply_gradients(zip(tape.gradient(loss, [W]), [W]))

What is here behaves as TensorFlow's does, with one difference: gdcourse
computes in float64, so ``dtype=tf.dtypes.float32`` is accepted and the
numbers are float64 (more digits, the same maths). The random numbers are
numpy's, not TensorFlow's: ``tf.random.set_seed(23)`` makes a run repeat, but
it does not draw TensorFlow's numbers. Anything TensorFlow has and gdcourse
does not raises an ``AttributeError`` that says so.
"""
import numpy as np

from gdcourse import validate as _validate
from gdcourse.framework import callbacks as _callbacks
from gdcourse.framework import layers as _layers
from gdcourse.framework import losses as _losses
from gdcourse.framework import models as _models
from gdcourse.framework import optimizers as _optimizers
from gdcourse.framework import seeding as _seeding
from gdcourse.framework import tensor as _tensor

# TensorFlow's top-level names for the tensor operations gdcourse has.
_OPS = ("GradientTape", "Tensor", "Variable", "abs", "add", "constant", "divide", "exp", "log",
        "matmul", "maximum", "multiply", "reduce_mean", "reduce_sum", "relu", "reshape",
        "sigmoid", "sqrt", "square", "subtract", "tanh", "transpose")
globals().update({name: getattr(_tensor, name) for name in _OPS if hasattr(_tensor, name)})


class Namespace:
    """A group of names, like ``tf.random`` or ``tf.keras.layers``; a missing one says so."""

    def __init__(self, path, **names):
        self._path = path
        self.__dict__.update(names)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(_missing(f"{self._path}.{name}"))

    def __dir__(self):
        return sorted(n for n in self.__dict__ if not n.startswith("_"))

    def __repr__(self):
        return f"<gdcourse's {self._path}: {', '.join(dir(self))}>"


def _missing(name):
    return (f"{name}: gdcourse doesn't have it. gdcourse is a small copy of TensorFlow with only "
            f"what the course uses; see dir() of its parent for what is there")


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(_missing(f"tf.{name}"))


# --- tf.dtypes and tf.random ------------------------------------------------------------

dtypes = Namespace("tf.dtypes", float32=np.dtype(np.float32), float64=np.dtype(np.float64))
float32, float64 = dtypes.float32, dtypes.float64


def _dtype(dtype):
    if dtype is None or np.dtype(dtype) in (dtypes.float32, dtypes.float64):
        return
    raise TypeError(f"dtype must be tf.dtypes.float32 or tf.dtypes.float64, got {dtype!r}")


def _shape(shape):
    shape = _validate.array("shape", shape, ndim=(0, 1))
    if not np.all(shape == np.round(shape)) or np.any(shape < 0):
        raise ValueError(f"shape must hold whole numbers >= 0, got {shape.tolist()}")
    return tuple(int(n) for n in np.atleast_1d(shape))


def set_seed(seed):
    """``tf.random.set_seed``: every random draw after it repeats from run to run."""
    _seeding.set_seed(seed)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """``tf.random.uniform``: numbers spread evenly over [minval, maxval)."""
    _dtype(dtype)
    low = _validate.number("minval", minval)
    high = _validate.number("maxval", maxval)
    if not low < high:
        raise ValueError(f"minval must be below maxval, got {low!r} and {high!r}")
    return constant(_seeding.rng(seed).uniform(low, high, size=_shape(shape)))


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """``tf.random.normal``: numbers from a bell curve around ``mean``."""
    _dtype(dtype)
    mean = _validate.number("mean", mean)
    stddev = _validate.number("stddev", stddev, nonnegative=True)
    return constant(_seeding.rng(seed).normal(mean, stddev, size=_shape(shape)))


random = Namespace("tf.random", set_seed=set_seed, uniform=uniform, normal=normal)


# --- tf.optimizers and tf.keras -----------------------------------------------------------

optimizers = Namespace("tf.optimizers", SGD=_optimizers.SGD, Adagrad=_optimizers.Adagrad,
                       RMSprop=_optimizers.RMSprop, Adam=_optimizers.Adam,
                       schedules=Namespace("tf.optimizers.schedules",
                                           ExponentialDecay=_optimizers.schedules.ExponentialDecay,
                                           CosineDecay=_optimizers.schedules.CosineDecay))

keras = Namespace(
    "tf.keras",
    Sequential=_models.Sequential,
    layers=Namespace("tf.keras.layers", Dense=_layers.Dense),
    optimizers=optimizers,
    callbacks=Namespace("tf.keras.callbacks", LambdaCallback=_callbacks.LambdaCallback,
                        Callback=_callbacks.Callback, History=_callbacks.History),
    losses=Namespace("tf.keras.losses", **{name: getattr(_losses, name) for name in (
        "MeanSquaredError", "mean_squared_error", "MeanAbsoluteError", "mean_absolute_error")
        if hasattr(_losses, name)}),
    utils=Namespace("tf.keras.utils", set_random_seed=set_seed),
)

__all__ = [name for name in _OPS if name in globals()] + [
    "dtypes", "float32", "float64", "keras", "optimizers", "random"]
