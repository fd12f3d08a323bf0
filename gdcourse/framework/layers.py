"""Layers. There is one, ``Dense``, the fully connected layer of Keras::

    output = activation(x @ kernel + bias)

``x`` has shape (batch, inputs), ``kernel`` (inputs, units), ``bias``
(units,) and the output (batch, units).

A Dense layer can run two ways:

- ``layer(x)`` uses gdcourse tensor operations, so a ``GradientTape`` can
  record it (for training loops you write yourself);
- ``layer.forward(x)`` / ``layer.backward(grad)`` are plain numpy with the
  derivatives written out by hand (classic backpropagation). ``fit`` uses
  these because they are fast; the tests check that they give the same
  gradients as the tape.
"""
import math
import numbers

import numpy as np

from gdcourse import validate
from gdcourse.framework import seeding
from gdcourse.framework import tensor as T

__all__ = ["Dense", "initialize"]


# ---------------------------------------------------------------------------
# Initializers: the starting values of kernel and bias.

_INITIALIZERS = ("zeros", "ones", "glorot_uniform", "random_normal", "random_uniform")


def initialize(initializer, shape, rng, name="initializer"):
    """Starting values of the given ``shape`` (a float64 array).

    ``initializer`` is one of

    - ``'zeros'``, ``'ones'``
    - ``'glorot_uniform'``: uniform in ``[-limit, limit]`` with
      ``limit = sqrt(6 / (fan_in + fan_out))`` (Keras' default for kernels)
    - ``'random_normal'``: normal, mean 0, standard deviation 0.05
    - ``'random_uniform'``: uniform in ``[-0.05, 0.05]``
    - a number (every entry gets it) or an array of the right shape
    - a function ``f(shape)`` returning an array

    ``rng`` is the ``np.random.Generator`` that random ones draw from.
    ``name`` is the initializer's name in error messages (``'kernel_initializer'``, ...).
    """
    shape = _shape(shape)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy random Generator, e.g. np.random.default_rng(0), "
                        f"got {type(rng).__name__}")
    if isinstance(initializer, str):
        kind = initializer.lower()
        if kind == "zeros":
            return np.zeros(shape)
        if kind == "ones":
            return np.ones(shape)
        if kind == "glorot_uniform":
            fan_in, fan_out = (shape[0], shape[1]) if len(shape) == 2 else (shape[0], shape[0])
            limit = math.sqrt(6.0 / (fan_in + fan_out))
            return rng.uniform(-limit, limit, size=shape)
        if kind == "random_normal":
            return rng.normal(0.0, 0.05, size=shape)
        if kind == "random_uniform":
            return rng.uniform(-0.05, 0.05, size=shape)
        raise ValueError(f"unknown {name} {initializer!r}; known names are "
                         + ", ".join(repr(n) for n in _INITIALIZERS)
                         + " (or give a number or an array)")
    if callable(initializer):
        values = validate.array(f"the result of {name}", initializer(shape), allow_empty=True)
    else:
        values = validate.array(name, initializer, allow_empty=True)
    if values.ndim == 0:
        return np.full(shape, float(values))
    if values.shape != shape:
        raise ValueError(f"{name} gives values of shape {values.shape}, but this weight "
                         f"needs shape {shape}")
    return values.copy()


def _shape(shape):
    """``shape`` as a tuple of whole numbers >= 1 (one number n means (n,))."""
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)) or not shape:
        raise TypeError(f"shape must be a tuple of whole numbers such as (2, 3), "
                        f"got {shape!r:.60}")
    return tuple(validate.integer("shape", n, minimum=1) for n in shape)


def _check_initializer(name, initializer):
    if isinstance(initializer, str):
        if initializer.lower() not in _INITIALIZERS:
            raise ValueError(f"unknown {name} {initializer!r}; known names are "
                             + ", ".join(repr(n) for n in _INITIALIZERS)
                             + " (or give a number or an array)")
        return initializer.lower()
    if callable(initializer):
        return initializer
    if isinstance(initializer, T.Tensor):
        initializer = initializer.numpy()
    return validate.array(name, initializer, allow_empty=True)


# ---------------------------------------------------------------------------
# Activations: each as numpy (forward and its derivative) and as tensor op.

_ACTIVATIONS = (None, "linear", "relu", "sigmoid", "tanh")


def _activate(name, z):
    """numpy forward: the activation of ``z``."""
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "sigmoid":
        return 0.5 + 0.5 * np.tanh(0.5 * z)  # = 1 / (1 + exp(-z)), without overflow
    if name == "tanh":
        return np.tanh(z)
    return z


def _activation_backward(name, grad, a):
    """d loss / d z from d loss / d a, where ``a`` is the activation's output."""
    if name == "relu":
        return grad * (a > 0)           # slope 1 where z > 0, else 0
    if name == "sigmoid":
        return grad * (a * (1.0 - a))   # sigmoid' = a (1 - a)
    if name == "tanh":
        return grad * (1.0 - a * a)     # tanh' = 1 - a**2
    return grad


_TENSOR_ACTIVATIONS = {"relu": T.relu, "sigmoid": T.sigmoid, "tanh": T.tanh}


class Dense:
    """A fully connected layer: ``activation(x @ kernel + bias)``.

    Arguments (as in Keras):

    - ``units``: number of outputs
    - ``activation``: ``None``/``'linear'`` (none), ``'relu'``, ``'sigmoid'``, ``'tanh'``
    - ``input_shape``: number of inputs, e.g. ``input_shape=[4]`` (optional:
      otherwise the layer learns it from the first data it sees)
    - ``use_bias``: add a bias (default True)
    - ``kernel_initializer`` (default ``'glorot_uniform'``), ``bias_initializer``
      (default ``'zeros'``): see :func:`initialize`
    - ``seed``: seed for the random starting values; without it they come
      from ``gdcourse.set_seed``

    After it is built, ``layer.kernel`` (shape (inputs, units)) and
    ``layer.bias`` (shape (units,)) are gdcourse Variables.
    """

    def __init__(self, units, activation=None, input_shape=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", seed=None,
                 name=None):
        self.units = validate.integer("units", units, minimum=1)
        if isinstance(activation, str):
            activation = activation.lower()
        elif activation is not None:
            raise TypeError(f"activation must be None or a name such as 'relu', got "
                            f"{type(activation).__name__}")
        if activation not in _ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}; use None, 'linear', 'relu', "
                             "'sigmoid' or 'tanh'")
        self.activation = None if activation == "linear" else activation
        self.input_dim = None if input_shape is None else _input_width(input_shape)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = _check_initializer("kernel_initializer", kernel_initializer)
        self.bias_initializer = _check_initializer("bias_initializer", bias_initializer)
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}")
        self._auto_name = name is None
        self.name = name or "dense"
        # Take the random generator now, so the order in which layers are
        # *created* after set_seed() decides their starting values.
        self._rng = seeding.rng(seed)
        self._kernel = self._bias = None
        self._cache = None

    # ---- building -----------------------------------------------------------
    @property
    def built(self):
        return self._kernel is not None

    def build(self, input_dim):
        """Create ``kernel`` and ``bias`` for inputs of width ``input_dim``."""
        input_dim = validate.integer("input_dim", input_dim, minimum=1)
        if self.built:
            if input_dim != self.input_dim:
                raise ValueError(self._width_message(input_dim))
            return
        self.input_dim = input_dim
        kernel = initialize(self.kernel_initializer, (input_dim, self.units), self._rng,
                            "kernel_initializer")
        self._kernel = T.Variable(kernel, name=f"{self.name}/kernel")
        if self.use_bias:
            bias = initialize(self.bias_initializer, (self.units,), self._rng, "bias_initializer")
            self._bias = T.Variable(bias, name=f"{self.name}/bias")

    def _ensure_built(self, width):
        if self.input_dim is not None and width != self.input_dim:
            raise ValueError(self._width_message(width))
        if not self.built:
            self.build(width)

    def _width_message(self, width):
        return (f"layer {self.name!r} expects inputs with {self.input_dim} feature(s) per row "
                f"(its kernel has shape ({self.input_dim}, {self.units})), but x has {width}. "
                "Pass x with that many columns (one sample: a list of one row, [[...]])")

    def _rename(self, name):
        self.name = name
        if self._kernel is not None:
            self._kernel.name = f"{name}/kernel"
        if self._bias is not None:
            self._bias.name = f"{name}/bias"

    def _unbuilt_error(self, what):
        return AttributeError(
            f"layer {self.name!r} has no {what} yet: it is created when the layer first sees "
            "data. Give input_shape=[number of inputs] when creating the layer, or call "
            "fit/predict first.")

    @property
    def kernel(self):
        """The weights, a Variable of shape (inputs, units)."""
        if self._kernel is None:
            if self.input_dim is None:
                raise self._unbuilt_error("kernel")
            self.build(self.input_dim)
        return self._kernel

    @property
    def bias(self):
        """The bias, a Variable of shape (units,) (``None`` with ``use_bias=False``)."""
        if self._kernel is None:
            if self.input_dim is None:
                raise self._unbuilt_error("bias")
            self.build(self.input_dim)
        return self._bias

    @property
    def trainable_variables(self):
        if not self.built:
            if self.input_dim is None:
                return []
            self.build(self.input_dim)
        return [self._kernel] if self._bias is None else [self._kernel, self._bias]

    weights = trainable_variables

    def count_params(self):
        """Number of trainable numbers: inputs * units (+ units for the bias)."""
        if self.input_dim is None:
            return None
        return self.input_dim * self.units + (self.units if self.use_bias else 0)

    def get_weights(self):
        return [v.numpy() for v in self.trainable_variables]

    def set_weights(self, weights):
        variables = self.trainable_variables
        if not isinstance(weights, (list, tuple)):
            raise TypeError(f"weights must be a list of arrays [kernel, bias], as get_weights() "
                            f"gives, got {type(weights).__name__}")
        if len(weights) != len(variables):
            raise ValueError(f"layer {self.name!r} has {len(variables)} weight arrays, "
                             f"got {len(weights)}")
        for v, w in zip(variables, weights):
            w = validate.array(f"weights for {v.name}", w, allow_empty=True)
            if w.shape != v.shape:
                raise ValueError(f"{v.name} has shape {v.shape}, got an array of shape {w.shape}")
            v.assign(w)

    # ---- running: with tensors (tape) -----------------------------------------
    def __call__(self, x):
        """``activation(x @ kernel + bias)`` with tensor operations (a tape can record it)."""
        if not isinstance(x, T.Tensor):
            x = T.constant(validate.array("x", x))
        if x.ndim != 2:
            raise ValueError(f"a Dense layer takes x of shape (samples, features), got {x.shape}")
        self._ensure_built(x.shape[1])
        z = T.matmul(x, self._kernel)
        if self._bias is not None:
            z = z + self._bias
        activation = _TENSOR_ACTIVATIONS.get(self.activation)
        return z if activation is None else activation(z)

    # ---- running: numpy with hand-written backpropagation ----------------------
    def forward(self, x):
        """numpy ``activation(x @ kernel + bias)``; remembers what ``backward`` needs."""
        z = x @ self._kernel._value
        if self._bias is not None:
            z += self._bias._value
        a = _activate(self.activation, z)
        self._cache = (x, a)
        return a

    def backward(self, grad_output, need_input_grad=True):
        """Backpropagation through the last ``forward``.

        Given ``grad_output`` = d loss / d output (shape (batch, units)),
        returns ``(d loss / d x, [d loss / d kernel, d loss / d bias])``::

            grad_z      = grad_output * activation'(z)
            grad_kernel = x.T @ grad_z
            grad_bias   = sum of grad_z over the batch
            grad_x      = grad_z @ kernel.T

        ``grad_x`` is skipped (``None``) when ``need_input_grad`` is False
        (for the first layer nobody needs it).
        """
        x, a = self._cache
        grad_z = _activation_backward(self.activation, grad_output, a)
        grads = [x.T @ grad_z]
        if self._bias is not None:
            grads.append(grad_z.sum(axis=0))
        grad_x = grad_z @ self._kernel._value.T if need_input_grad else None
        return grad_x, grads

    def __repr__(self):
        act = self.activation or "linear"
        return f"<Dense {self.name!r} units={self.units} activation={act!r}>"


def _input_width(input_shape):
    """``input_shape`` (an int, or a list/tuple of one int, like Keras' ``[4]``) as an int."""
    if isinstance(input_shape, numbers.Integral) and not isinstance(input_shape, bool):
        return validate.integer("input_shape", input_shape, minimum=1)
    if isinstance(input_shape, (list, tuple)) and len(input_shape) == 1:
        return validate.integer("input_shape", input_shape[0], minimum=1)
    raise ValueError(f"input_shape must be the number of inputs, like [4] or 4, got "
                     f"{input_shape!r} (Dense layers take rows of numbers)")
