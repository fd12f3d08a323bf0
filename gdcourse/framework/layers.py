"""Dense, Keras's fully connected layer: ``activation(x @ kernel + bias)``, ``x`` of shape
(samples, inputs); ``kernel`` (inputs, units) starts Glorot-uniform as in Keras, ``bias`` at 0."""
import math

import numpy as np

from gdcourse import validate
from gdcourse.framework import seeding
from gdcourse.framework import tensor as T
from gdcourse.locale import _

__all__ = ["Dense"]


class Dense:
    """``Dense(units, activation=None or "relu", input_shape=[inputs], seed=None)``; ``kernel``
    and ``bias`` are made once the number of inputs is known (``input_shape`` or the first data)."""

    def __init__(self, units, activation=None, input_shape=None, seed=None):
        self.units = validate.integer("units", units, minimum=1)
        if not (activation is None or isinstance(activation, str) and activation in ("linear", "relu")):
            raise ValueError(_("activation must be None or 'relu', got {activation!r:.60}", activation=activation))
        self.activation = T.relu if activation == "relu" else None
        input_dim = None if input_shape is None else _input_width(input_shape)
        # Taken now: the order in which layers are *created* after set_seed() decides their weights.
        self._rng = seeding.rng(seed)
        self.input_dim = self.kernel = self.bias = None
        if input_dim is not None:
            self.build(input_dim)

    def build(self, input_dim):
        """Make ``kernel`` (Glorot uniform) and ``bias`` (zeros) for ``input_dim`` inputs."""
        if self.input_dim is not None and input_dim != self.input_dim:
            raise ValueError(_("this layer expects inputs with {k} feature(s) per row (its kernel has shape ({k}, "
                               "{units})), but x has {given}. Pass x with that many columns (one sample: a list of "
                               "one row, [[...]])", k=self.input_dim, units=self.units, given=input_dim))
        self.input_dim = input_dim
        limit = math.sqrt(6.0 / (input_dim + self.units))
        self.kernel = T.Variable(self._rng.uniform(-limit, limit, size=(input_dim, self.units)),
                                 name="kernel")
        self.bias = T.Variable(np.zeros(self.units), name="bias")

    @property
    def trainable_variables(self):
        return [] if self.kernel is None else [self.kernel, self.bias]

    def __call__(self, x):
        """``x @ kernel + bias`` as one tensor operation (a GradientTape can record it)."""
        if not isinstance(x, T.Tensor) or x.ndim != 2:
            x = T.constant(inputs("x", x))
        if self.kernel is None or x.shape[1] != self.input_dim:
            self.build(x.shape[1])
        z = T.op("dense", _dense, _dense_backward, x=x, kernel=self.kernel, bias=self.bias)
        return z if self.activation is None else self.activation(z)


def _dense(x, kernel, bias):
    return x @ kernel + bias


def _dense_backward(g, x, kernel, bias, z):  # the matmul's two rules; the bias is used per row
    return g @ kernel.T, x.T @ g, g.sum(axis=0)


def inputs(name, x):
    """``x`` as a float64 array of shape (samples, features); 1-D means one feature."""
    x = validate.array(name, x.numpy() if isinstance(x, T.Tensor) else x, ndim=(1, 2))
    return x.reshape(-1, 1) if x.ndim == 1 else x


def _input_width(input_shape):
    """``input_shape``, Keras's ``[4]`` (or just 4), as the number 4."""
    if isinstance(input_shape, (list, tuple)) and len(input_shape) == 1:
        input_shape = input_shape[0]
    return validate.integer("input_shape", input_shape, minimum=1)
