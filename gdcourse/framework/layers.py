"""Dense, the fully connected layer of Keras: ``activation(x @ kernel + bias)``.

``x`` has shape (samples, inputs), ``kernel`` (inputs, units), ``bias``
(units,). The kernel starts Glorot-uniform (Keras's default), the bias at 0.
"""
import math
import numbers

import numpy as np

from gdcourse import validate
from gdcourse.framework import seeding
from gdcourse.framework import tensor as T

__all__ = ["Dense"]


class Dense:
    """``Dense(units, activation=None, input_shape=[inputs])``; ``seed`` fixes the starting kernel.

    ``activation``: None (a weighted sum) or ``"relu"``, ``max(0, x @ kernel + bias)``.

    The weights are made when the number of inputs is known (from
    ``input_shape`` or from the first data): ``layer.kernel``, ``layer.bias``.
    """

    def __init__(self, units, activation=None, input_shape=None, seed=None):
        self.units = validate.integer("units", units, minimum=1)
        if not (activation is None or isinstance(activation, str) and activation in ("linear", "relu")):
            raise ValueError(f"activation must be None or 'relu', got {activation!r:.60}")
        self.activation = T.relu if activation == "relu" else None
        self.input_dim = None if input_shape is None else _input_width(input_shape)
        # Taken now: the order in which layers are *created* after set_seed() decides their weights.
        self._rng = seeding.rng(seed)
        self.kernel = self.bias = None
        if self.input_dim is not None:
            self.build(self.input_dim)

    @property
    def built(self):
        return self.kernel is not None

    def build(self, input_dim):
        """Make ``kernel`` (Glorot uniform) and ``bias`` (zeros) for ``input_dim`` inputs."""
        if self.input_dim is not None and input_dim != self.input_dim:
            raise ValueError(f"this layer expects inputs with {self.input_dim} feature(s) per "
                             f"row (its kernel has shape ({self.input_dim}, {self.units})), but "
                             f"x has {input_dim}. Pass x with that many columns (one sample: a "
                             "list of one row, [[...]])")
        if self.built:
            return
        self.input_dim = input_dim
        limit = math.sqrt(6.0 / (input_dim + self.units))
        kernel = self._rng.uniform(-limit, limit, size=(input_dim, self.units))
        self.kernel = T.Variable(kernel, name="kernel")
        self.bias = T.Variable(np.zeros(self.units), name="bias")

    @property
    def trainable_variables(self):
        return [self.kernel, self.bias] if self.built else []

    def __call__(self, x):
        """``x @ kernel + bias`` with tensor operations (a GradientTape can record it)."""
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
    if not isinstance(input_shape, numbers.Integral) or isinstance(input_shape, bool):
        raise ValueError(f"input_shape must be the number of inputs, like [4], got "
                         f"{input_shape!r:.60}")
    return validate.integer("input_shape", input_shape, minimum=1)
