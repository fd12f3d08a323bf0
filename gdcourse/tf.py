"""TensorFlow's names for gdcourse, so the articles' code runs with one line changed:
``import gdcourse.tf as tf`` instead of ``import tensorflow as tf``.

It computes in float64 (``dtype=tf.dtypes.float32`` is accepted; the numbers stay float64), and
its random numbers are numpy's: ``tf.random.set_seed(23)`` makes a run repeat, but does not draw
TensorFlow's numbers. What TensorFlow has and gdcourse lacks raises an AttributeError saying so.
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
from gdcourse.locale import _

_OPS = ("GradientTape", "Tensor", "Variable", "add", "constant", "divide", "matmul", "multiply",
        "reduce_mean", "reduce_sum", "relu", "reshape", "square", "squared_difference",
        "subtract")
globals().update({name: getattr(_tensor, name) for name in _OPS})


class Namespace:
    """A group of names, like ``tf.random`` or ``tf.keras.layers``; a missing one says so."""

    def __init__(self, path, **names):
        self._path = path
        self.__dict__.update(names)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(_("{path}.{name}: gdcourse doesn't have it. gdcourse is a small copy of TensorFlow with "
                               "only what the course uses; see dir() of its parent for what is there", path=self._path,
                               name=name))

    def __dir__(self):
        return sorted(n for n in self.__dict__ if not n.startswith("_"))


__getattr__ = Namespace("tf").__getattr__  # tf.nn and the like: say that gdcourse lacks them
dtypes = Namespace("tf.dtypes", float32=np.dtype(np.float32), float64=np.dtype(np.float64))
float32, float64 = dtypes.float32, dtypes.float64


def _shape(shape, dtype):
    if not (dtype is None or np.dtype(dtype) in (float32, float64)):
        raise TypeError(_("dtype must be tf.dtypes.float32 or tf.dtypes.float64, got {dtype!r}", dtype=dtype))
    shape = _validate.array("shape", shape, ndim=(0, 1))
    if not np.all(shape == np.round(shape)) or np.any(shape < 0):
        raise ValueError(_("shape must hold whole numbers >= 0, got {shape}", shape=shape.tolist()))
    return tuple(int(n) for n in np.atleast_1d(shape))


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """``tf.random.uniform``: numbers spread evenly over [minval, maxval)."""
    shape = _shape(shape, dtype)
    low, high = _validate.number("minval", minval), _validate.number("maxval", maxval)
    if not low < high:
        raise ValueError(_("minval must be below maxval, got {low!r} and {high!r}", low=low, high=high))
    return _tensor.constant(_seeding.rng(seed).uniform(low, high, size=shape))


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """``tf.random.normal``: numbers from a bell curve around ``mean``."""
    shape = _shape(shape, dtype)
    mean = _validate.number("mean", mean)
    stddev = _validate.number("stddev", stddev, nonnegative=True)
    return _tensor.constant(_seeding.rng(seed).normal(mean, stddev, size=shape))


set_seed = _seeding.set_seed
random = Namespace("tf.random", set_seed=set_seed, uniform=uniform, normal=normal)
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
    losses=Namespace("tf.keras.losses", MeanSquaredError=_losses.MeanSquaredError,
                     mean_squared_error=_losses.mean_squared_error),
    utils=Namespace("tf.keras.utils", set_random_seed=set_seed),
)

__all__ = [*_OPS, "dtypes", "float32", "float64", "keras", "optimizers", "random"]
