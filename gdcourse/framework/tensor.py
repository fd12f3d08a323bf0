"""Reverse-mode automatic differentiation in a few hundred lines of numpy.

The engine behind ``Variable`` and ``GradientTape``: TensorFlow's names,
karpathy/micrograd's size. Each operation (``add``, ``matmul``, ...) computes
its value with numpy; inside ``with GradientTape() as tape:``, if an input is
*watched* (a Variable, a tensor given to ``tape.watch``, or a result made from
one) the tape also keeps a record ``(output, inputs, backward)``, where
``backward`` is the chain rule for that one operation. ``tape.gradient`` runs
the records backwards, from the target to the sources. Outside a tape nothing
is recorded, so operations cost little more than numpy.

Unlike TensorFlow: values are float64 numpy arrays; a target holding several
numbers needs ``output_gradients`` (TensorFlow silently sums it: reduce it
with ``reduce_mean`` or ``reduce_sum``); ``log`` of a number <= 0, ``sqrt`` of
a negative number and a fractional power of a negative number raise
``ValueError`` instead of giving NaN; so do ``0 / 0`` and any other operation
whose result would hold NaN (see ``_quiet``); exponents must be plain
numbers; there are no gradients of gradients; ``grads`` raises
``ValueError`` for an argument the result does not depend on, as
TensorFlow.js does.
"""
import contextvars
import functools
import inspect
import math
import numbers

import numpy as np

from gdcourse.validate import array as _checked_array
from gdcourse.validate import number as _checked_number

__all__ = [
    "Tensor", "Variable", "constant", "GradientTape", "grads", "value_and_grad",
    "value_and_grads", "add", "subtract", "multiply", "divide", "square", "sqrt",
    "exp", "log", "abs", "maximum", "matmul", "reduce_sum", "reduce_mean", "tanh",
    "sigmoid", "relu", "reshape", "transpose",
]

_recording = []  # the tapes whose ``with`` block is running
# numpy 2 keeps np.errstate in a context variable, so a kept contextvars.Context
# carries it (GradientTape uses that); numpy 1.x keeps it per thread instead.
_ERRSTATE_IN_CONTEXT = np.lib.NumpyVersion(np.__version__) >= "2.0.0"


class Tensor:
    """An array of float64 numbers that operations can be recorded on.

    Make one with ``constant(value)``; every operation returns a new Tensor.

    >>> constant([1, 2]) * 3
    <gdcourse.Tensor shape=(2,) numpy=array([3., 6.])>
    """

    __slots__ = ("_value",)
    trainable = False
    # No __eq__: tensors hash by identity, so they can be dict keys. And numpy
    # must hand ``ndarray @ tensor`` (also + - * /) over to our reflected
    # operators (__rmatmul__, ...) instead of treating the tensor as an array.
    __array_ufunc__ = None
    __array_priority__ = 1000

    def __init__(self, value):
        self._value = np.array(_checked_array("value", value))  # our own copy

    shape = property(lambda self: self._value.shape, doc="Tuple of dimensions.")
    ndim = property(lambda self: self._value.ndim, doc="Number of dimensions.")
    dtype = property(lambda self: self._value.dtype, doc="Always float64.")

    def numpy(self):
        """A numpy copy of the value (a numpy float for a 0-d tensor)."""
        return self._value[()] if self._value.ndim == 0 else self._value.copy()

    def __array__(self, dtype=None, copy=None):  # np.asarray(tensor)
        if copy is None:  # numpy 1.x never passes copy, and refuses np.array(copy=None)
            return np.asarray(self._value, dtype=dtype)
        return np.array(self._value, dtype=dtype, copy=copy)

    def __float__(self):
        if self._value.size != 1:
            raise TypeError(f"only a tensor holding one number can become a float, "
                            f"this one has shape {self.shape}")
        return float(self._value.item())

    def __format__(self, spec):  # f"{loss:.3f}"
        return format(float(self), spec) if spec else repr(self)

    def __len__(self):
        return len(self._value)

    def __repr__(self):
        value = repr(self._value.item()) if self._value.ndim == 0 else repr(self._value)
        return f"<gdcourse.{type(self).__name__}{self._label()} shape={self.shape} numpy={value}>"

    def _label(self):
        return ""

    # Operators: each one is the TensorFlow-named function below.
    def __add__(self, other): return add(self, other)
    def __radd__(self, other): return add(other, self)
    def __sub__(self, other): return subtract(self, other)
    def __rsub__(self, other): return subtract(other, self)
    def __mul__(self, other): return multiply(self, other)
    def __rmul__(self, other): return multiply(other, self)
    def __truediv__(self, other): return divide(self, other)
    def __rtruediv__(self, other): return divide(other, self)
    def __matmul__(self, other): return matmul(self, other)
    def __rmatmul__(self, other): return matmul(other, self)
    def __neg__(self): return _result(-self._value, (self,), lambda g: (-g,))
    def __abs__(self): return abs(self)
    def __pow__(self, exponent): return _power(self, exponent)

    def __rpow__(self, base):
        raise TypeError(f"the exponent in {base!r} ** tensor must be a plain number, not "
                        f"a Tensor; write exp(tensor * log({base!r})) instead")

    def __getitem__(self, index):  # t[0], t[1:3], t[[0, 0, 2]], ...
        a = self._value
        try:
            out = a[index]
        except (TypeError, ValueError):  # numpy's own IndexError (out of range) passes through
            raise IndexError(f"cannot index a tensor of shape {self.shape} with {index!r:.60}: "
                             "use an int, a slice, or a list or array of ints") from None

        def backward(g):
            full = np.zeros_like(a)
            np.add.at(full, index, g)  # unlike full[index] += g, adds a repeated index twice
            return (full,)
        return _result(out, (self,), backward)


class Variable(Tensor):
    """A tensor whose value can change: a weight that training learns.

    Tapes watch trainable Variables by themselves. ``assign``, ``assign_add``
    and ``assign_sub`` give it a new value of the same shape and return it.

    >>> w = Variable([0.5], name="w")
    >>> w.assign_sub([0.25])
    <gdcourse.Variable 'w' shape=(1,) numpy=array([0.25])>
    """

    __slots__ = ("name", "trainable")

    def __init__(self, value, name=None, trainable=True):
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name must be a string or None, got {type(name).__name__}")
        self.name, self.trainable = name, bool(trainable)
        what = "value" if name is None else f"value of Variable {name!r}"
        self._value = np.array(_checked_array(what, value))

    def _label(self):
        return "" if self.name is None else f" {self.name!r}"

    def assign(self, value):
        """Set the value to ``value`` (same shape)."""
        return self._replace("assign", value)

    def assign_add(self, delta):
        """Add ``delta`` (same shape, or one number) to the value."""
        return self._replace("assign_add", delta, np.add)

    def assign_sub(self, delta):
        """Subtract ``delta`` from the value: ``w.assign_sub(learning_rate * grad)``."""
        return self._replace("assign_sub", delta, np.subtract)

    def _replace(self, how, value, combine=None):
        value = _unwrap(value, "delta" if combine else "value")
        shape = np.shape(value)
        if shape != self._value.shape and not (combine and shape == ()):
            raise ValueError(f"{how}: Variable{self._label()} has shape {self.shape}, "
                             f"but {'delta' if combine else 'value'} has shape {shape}")
        # A new array, never an edit in place: tapes, and arrays taken earlier
        # with np.asarray(w), keep the old value.
        new = combine(self._value, value) if combine else np.array(value, dtype=np.float64)
        if math.isnan(np.vdot(new, new)):  # a sum of squares is NaN just when a number is
            if _has_nan(np.asarray(value)):
                raise ValueError(f"{how}: {'delta' if combine else 'value'} contains NaN "
                                 "(not a number)")
            raise ValueError(f"{how}: the new value of Variable{self._label()} would contain "
                             f"NaN (not a number); if this happened in training, the steps "
                             f"diverged: try a smaller learning rate")
        self._value = new
        return self


def constant(value):
    """A Tensor holding ``value`` (a number, list, array or tensor) as float64."""
    return Tensor(value)


def _unwrap(x, name="x"):
    """The numpy value behind ``x``: a Tensor, a Python number or an array-like.

    ``name`` is the argument's name, for the error message.
    """
    if isinstance(x, Tensor):
        return x._value
    if type(x) is np.ndarray and x.dtype == np.float64:
        return x
    if isinstance(x, numbers.Real):
        try:
            value = float(x)
        except OverflowError:  # a whole number such as 10**400
            raise ValueError(f"{name} is too large for a float64 (more than about 1.8e308)") from None
        if not math.isfinite(value):  # a NaN here would spread silently through every result
            raise ValueError(f"{name} must be a finite number, got {value!r}")
        return value
    if not isinstance(x, (str, bytes)) and x is not None:
        try:
            if getattr(getattr(x, "dtype", None), "kind", None) != "c":  # complex: refuse, not truncate
                return np.asarray(x, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):
            pass
    raise TypeError(f"cannot use {type(x).__name__} {x!r:.60} as {name} in a tensor operation: "
                    f"expected a number, an array of numbers or a Tensor")


def _has_nan(a):
    """True if the numpy array ``a`` holds a NaN (not a number)."""
    if a.size == 1:
        return math.isnan(a.item())
    return math.isnan(np.vdot(a, a))  # quick: a sum of squares is NaN just when a number is


def _nan_error(op, operands):
    """The ValueError for an operation whose result would hold NaN (not a number).

    ``operands`` maps the operation's argument names (``x``, ``y``) to what was passed.
    """
    for name, x in operands.items():
        if _has_nan(np.asarray(_unwrap(x, name))):
            return ValueError(f"{op}: {name} contains NaN (not a number)")
    return ValueError(f"{op}: the result would be NaN (not a number), from inf - inf, 0 * inf "
                      f"or inf / inf: {' or '.join(operands)} holds numbers too large for "
                      "float64 (or infinity); scale them down")


# Numbers too big for float64 become inf, quietly, as in TensorFlow (numpy's
# "RuntimeWarning: overflow encountered" would only clutter a notebook). NaN
# is different: it would spread silently through every later result, so it
# is refused with a ValueError. Where that happens depends on speed:
# - inside ``with GradientTape()`` (the hot loop of training) the tape turns
#   numpy's warnings off once for its whole block, and ``tape.gradient``
#   checks the target for NaN once, instead of once per operation;
# - outside a tape, ``_quiet`` does both around each operation.

def _quiet(op):
    """Decorator: run ``op`` without numpy warnings, and refuse a NaN result (outside tapes)."""
    signature = inspect.signature(op)

    @functools.wraps(op)
    def quiet_op(*args, **kwargs):
        if _recording:  # a tape's with-block: numpy is quiet already
            return op(*args, **kwargs)
        with np.errstate(all="ignore"):
            out = op(*args, **kwargs)
        if _has_nan(out._value):
            passed = signature.bind(*args, **kwargs).arguments
            raise _nan_error(op.__name__, {k: v for k, v in passed.items() if k in ("x", "y")})
        return out
    return quiet_op


def _shapes_error(op, a, b):
    """The ValueError for operands whose shapes do not fit together."""
    return ValueError(f"{op}: x has shape {np.shape(a)} and y has shape {np.shape(b)}, which do "
                      "not fit together (each dimension must be equal, or 1 in one of them)")


def _new_tensor(value):
    """Wrap a numpy result as a Tensor, skipping the checks and the copy."""
    t = object.__new__(Tensor)
    t._value = value if type(value) is np.ndarray else np.asarray(value, dtype=np.float64)
    return t


def _result(value, inputs, backward):
    """The output tensor of an operation, recorded on each tape watching an input."""
    out = _new_tensor(value)
    for tape in _recording:
        tape._record(out, inputs, backward)
    return out


# Operations. Each computes its value with numpy, and its ``backward`` turns
# g = d(target)/d(output) into d(target)/d(input) for each input. (An input
# that numpy broadcast gets its gradient summed back later, in _unbroadcast.)

@_quiet
def add(x, y):
    """Elementwise ``x + y``, broadcasting like numpy."""
    a, b = _unwrap(x), _unwrap(y, "y")
    try:
        out = a + b
    except ValueError:
        raise _shapes_error("add", a, b) from None
    return _result(out, (x, y), lambda g: (g, g))


@_quiet
def subtract(x, y):
    """Elementwise ``x - y``."""
    a, b = _unwrap(x), _unwrap(y, "y")
    try:
        out = a - b
    except ValueError:
        raise _shapes_error("subtract", a, b) from None
    # Data (a numpy array, not a Tensor) needs no gradient: skip that work.
    return _result(out, (x, y), lambda g: (g, -g if isinstance(y, Tensor) else None))


@_quiet
def multiply(x, y):
    """Elementwise ``x * y``."""
    a, b = _unwrap(x), _unwrap(y, "y")
    try:
        out = a * b
    except ValueError:
        raise _shapes_error("multiply", a, b) from None
    return _result(out, (x, y), lambda g: (g * b, g * a))


def divide(x, y):
    """Elementwise ``x / y``: a number / 0 is inf or -inf (as in TensorFlow), 0 / 0 a ValueError."""
    a, b = _unwrap(x), _unwrap(y, "y")
    # Division is rare in training loops, so it can afford its own quiet
    # errstate and NaN check, inside tapes too.
    with np.errstate(all="ignore"):
        try:
            out = np.divide(a, b)
        except ValueError:
            raise _shapes_error("divide", a, b) from None
    if _has_nan(out):
        if np.any((np.asarray(a) == 0) & (np.asarray(b) == 0)):
            raise ValueError("divide: 0 / 0 is not a number, and y contains 0 where x is 0 "
                             "too; make sure y is never 0 there (add a small number, or "
                             "leave those entries out)")
        raise _nan_error("divide", {"x": x, "y": y})
    return _result(out, (x, y), lambda g: (g / b, -g * out / b))


@_quiet
def square(x):
    """Elementwise ``x ** 2``."""
    a = _unwrap(x)
    return _result(a * a, (x,), lambda g: (2.0 * g * a,))


@_quiet
def _power(x, p):
    """``x ** p`` for a tensor ``x`` and a plain number ``p``."""
    if isinstance(p, Tensor):
        raise TypeError("the exponent in tensor ** exponent must be a plain number, not a "
                        "Tensor; write exp(exponent * log(tensor)) instead")
    p = _checked_number("exponent", p)  # a float: NaN, infinity and 10**400 are no exponents
    if p == 2:
        return square(x)
    a = x._value
    if p != int(p) and (a < 0).any():
        raise ValueError(f"tensor ** {p}: a fractional power of a negative number is not "
                         f"a real number")

    def backward(g):
        if p == 0:  # x ** 0 is 1 everywhere, even at x = 0
            return (np.zeros_like(a),)
        return (g * p * a ** (p - 1),)  # x ** 0.5 has an infinite slope at 0: inf
    return _result(a ** p, (x,), backward)


@_quiet
def sqrt(x):
    """Elementwise square root; ``ValueError`` for a negative number."""
    a = np.asarray(_unwrap(x))
    if (a < 0).any():
        raise ValueError("sqrt: x contains a negative number, whose square root is not a "
                         "real number")
    out = np.sqrt(a)

    def backward(g):
        return (g * 0.5 / out,)  # an infinite slope at 0 (inf), as in TensorFlow
    return _result(out, (x,), backward)


@_quiet
def exp(x):
    """Elementwise ``e ** x`` (too big gives inf, without a warning)."""
    out = np.exp(_unwrap(x))
    return _result(out, (x,), lambda g: (g * out,))


@_quiet
def log(x):
    """Elementwise natural logarithm; ``ValueError`` for a number <= 0."""
    a = np.asarray(_unwrap(x))
    if (a <= 0).any():
        raise ValueError("log: x contains a number <= 0, whose logarithm is not a real "
                         "number (a loss like log(p) needs p > 0: clip p first)")
    return _result(np.log(a), (x,), lambda g: (g / a,))


@_quiet
def abs(x):  # noqa: A001 - TensorFlow's name; Python's abs(tensor) calls it too
    """Elementwise absolute value (slope 0 at 0, as in TensorFlow)."""
    a = _unwrap(x)
    return _result(np.abs(a), (x,), lambda g: (g * np.sign(a),))


@_quiet
def maximum(x, y):
    """Elementwise larger of ``x`` and ``y``; at a tie the gradient goes to ``x``."""
    a, b = _unwrap(x), _unwrap(y, "y")
    try:
        x_wins = a >= b
    except ValueError:
        raise _shapes_error("maximum", a, b) from None
    return _result(np.maximum(a, b), (x, y),
                   lambda g: (np.where(x_wins, g, 0.0), np.where(x_wins, 0.0, g)))


@_quiet
def relu(x):
    """Elementwise ``max(x, 0)``."""
    a = _unwrap(x)
    return _result(np.maximum(a, 0.0), (x,), lambda g: (g * (a > 0),))


@_quiet
def tanh(x):
    """Elementwise hyperbolic tangent."""
    out = np.tanh(_unwrap(x))
    return _result(out, (x,), lambda g: (g * (1.0 - out * out),))


@_quiet
def sigmoid(x):
    """Elementwise ``1 / (1 + exp(-x))``."""
    out = 0.5 + 0.5 * np.tanh(0.5 * _unwrap(x))  # the same function, but it never overflows
    return _result(out, (x,), lambda g: (g * out * (1.0 - out),))


@_quiet
def matmul(x, y):
    """Matrix product ``x @ y``, with numpy's rules for vectors and batches."""
    a, b = _unwrap(x), _unwrap(y, "y")
    try:
        out = a @ b
    except ValueError:
        raise ValueError(f"matmul: x has shape {np.shape(a)} and y has shape {np.shape(b)}; x @ y "
                         "needs at least one dimension in each, and the last dimension of x equal "
                         "to the first (of a vector) or second-to-last dimension of y") from None
    return _result(out, (x, y), lambda g: _matmul_backward(g, a, b, x, y))


def _matmul_backward(g, a, b, x, y):
    if a.ndim == 2 and b.ndim == 2:  # the usual (n, k) @ (k, m)
        # Data (a numpy array, not a Tensor) needs no gradient: skip that work.
        return (g @ b.T if isinstance(x, Tensor) else None,
                a.T @ g if isinstance(y, Tensor) else None)
    # A vector acts as a one-row (left) or one-column (right) matrix;
    # _unbroadcast sums the gradient over batch dimensions.
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    g = np.asarray(g)
    g = g[..., None] if b.ndim == 1 else g
    g = g[..., None, :] if a.ndim == 1 else g
    ga = _unbroadcast(g @ b2.swapaxes(-1, -2), a2.shape).reshape(a.shape)
    gb = _unbroadcast(a2.swapaxes(-1, -2) @ g, b2.shape).reshape(b.shape)
    return ga, gb


def _spread(g, shape, axis, keepdims):
    """Copy the gradient of a sum back to every number that was summed."""
    if axis is not None and not keepdims:
        g = np.expand_dims(g, axis)
    full = np.empty(shape)
    full[...] = g  # numpy copies g into every place (much quicker than np.full)
    return full


@_quiet
def reduce_sum(x, axis=None, keepdims=False):
    """Sum of all the numbers, or along ``axis`` (an int or a list of ints)."""
    a = np.asarray(_unwrap(x))
    axis = tuple(axis) if isinstance(axis, list) else axis
    return _result(_sum(a, axis, keepdims, "reduce_sum"), (x,),
                   lambda g: (_spread(g, a.shape, axis, keepdims),))


def _sum(a, axis, keepdims, op):
    try:
        return a.sum(axis=axis, keepdims=keepdims)
    except (TypeError, ValueError, OverflowError):  # also numpy's AxisError
        raise ValueError(f"{op}: axis must be None, an int or a list of different ints, each "
                         f"naming one of the {a.ndim} dimension(s) of x, got {axis!r:.60}") from None


@_quiet
def reduce_mean(x, axis=None, keepdims=False):
    """Mean of all the numbers, or along ``axis`` (an int or a list of ints)."""
    a = np.asarray(_unwrap(x))
    axis = tuple(axis) if isinstance(axis, list) else axis
    total = _sum(a, axis, keepdims, "reduce_mean")
    count = a.size // max(total.size, 1)  # how many numbers each mean averages
    if count == 0 and total.size:
        raise ValueError(f"reduce_mean: x of shape {a.shape} has no numbers to average "
                         f"(axis={axis!r}): the mean of nothing is not a number")
    return _result(total / count, (x,),
                   lambda g: (_spread(g / count, a.shape, axis, keepdims),))


@_quiet
def reshape(x, shape):
    """The same numbers arranged in a new ``shape`` (-1: whatever fits)."""
    a = np.asarray(_unwrap(x))
    try:
        out = np.reshape(a, shape)
    except (TypeError, ValueError):
        raise ValueError(f"reshape: the {a.size} number(s) of x (shape {a.shape}) cannot be "
                         f"arranged into shape {shape!r:.60}") from None
    return _result(out, (x,), lambda g: (np.reshape(g, a.shape),))


@_quiet
def transpose(x, perm=None):
    """Reverse the axes, or put them in the order ``perm``."""
    a = np.asarray(_unwrap(x))
    try:
        out = np.transpose(a, perm)
    except (TypeError, ValueError):
        raise ValueError(f"transpose: perm must list each of the {a.ndim} axes of x once, "
                         f"got {perm!r:.60}") from None
    undo = None if perm is None else np.argsort(perm)
    return _result(out, (x,), lambda g: (np.transpose(g, undo),))


def _unbroadcast(g, shape):
    """Sum the gradient ``g`` down to ``shape``, undoing numpy broadcasting.

    If x of shape (1, 4) was broadcast to (3, 4), each number of x was used
    3 times, so its gradient is the sum of those 3 gradients. Dimensions that
    broadcasting added in front are summed away too.
    """
    added = g.ndim - len(shape)
    if added:
        g = g.sum(axis=tuple(range(added)))
    if g.shape != shape:
        g = g.sum(axis=tuple(i for i, n in enumerate(shape) if n == 1), keepdims=True)
    return g


class GradientTape:
    """Record operations so that ``gradient`` can differentiate them.

    >>> w = Variable(0.5)
    >>> with GradientTape() as tape:
    ...     loss = square(3 * w - 4)
    >>> tape.gradient(loss, w)  # 2 * (3 * 0.5 - 4) * 3
    <gdcourse.Tensor shape=() numpy=-15.0>

    A tape answers ``gradient`` once; ``persistent=True`` lets it answer more.
    """

    def __init__(self, persistent=False):
        self.persistent = bool(persistent)
        self._used = False
        self._quiet_context = contextvars.copy_context()  # replaced by __enter__
        self._forget()

    def _forget(self):
        self._records = []  # (output, inputs, backward), in the order they ran
        self._ids = set()   # id() of each watched tensor and of each result made from one
        self._kept = []     # watched tensors, kept alive so their id() stays theirs

    def __enter__(self):
        # Numpy stays quiet for the whole block: one switch, not one per
        # operation (see _quiet). The block's settings are also kept, as a
        # contextvars.Context, for gradient's backward pass: running a
        # function in a kept Context is ~15 times quicker than np.errstate.
        self._errstate = np.errstate(all="ignore")
        self._errstate.__enter__()
        self._quiet_context = contextvars.copy_context()
        _recording.append(self)
        return self

    def __exit__(self, *exc_info):
        _recording.remove(self)
        self._errstate.__exit__(*exc_info)

    def watch(self, tensor):
        """Record operations on ``tensor`` (or on each tensor of a list)."""
        for t in tensor if isinstance(tensor, (list, tuple)) else [tensor]:
            if not isinstance(t, Tensor):
                raise TypeError(f"tape.watch() takes a Tensor or Variable, got "
                                f"{type(t).__name__}: make it a tensor with constant(...)")
            self._ids.add(id(t))
            self._kept.append(t)

    def _record(self, out, inputs, backward):
        ids, watched = self._ids, False
        for x in inputs:
            if id(x) in ids:
                watched = True
            elif isinstance(x, Variable) and x.trainable:
                ids.add(id(x))  # the record below keeps x alive
                watched = True
        if watched:
            ids.add(id(out))
            self._records.append((out, inputs, backward))

    def gradient(self, target, sources, output_gradients=None):
        """d(target)/d(source) for each source, as Tensors shaped like the sources.

        ``sources``: one tensor (one gradient back), a list or tuple (a list
        back) or a dict (a dict back). A source that ``target`` does not
        depend on gets ``None``. ``target`` must hold one number, unless
        ``output_gradients`` (shaped like ``target``) weights its numbers.
        """
        if self._used:
            raise RuntimeError(
                "A non-persistent GradientTape can only be used to compute one set of "
                "gradients; to call tape.gradient() more than once, "
                "use GradientTape(persistent=True)")
        if not isinstance(target, Tensor):
            raise TypeError(f"target must be a Tensor, got {type(target).__name__}")
        listed, pack = _flatten(sources)
        # tensor -> d(target)/d(tensor); a gradient too big for float64 is inf, quietly.
        seed = {target: _seed(target, output_gradients)}
        if _ERRSTATE_IN_CONTEXT:
            grads = self._quiet_context.run(self._backward, seed)
        else:
            with np.errstate(all="ignore"):
                grads = self._backward(seed)
        found = [grads.get(s) for s in listed]
        if not self.persistent:
            self._used = True
            self._forget()  # let the recorded values go
        # Each gradient gets its own array: add's backward gives both inputs the same g.
        return pack([None if g is None else _new_tensor(np.array(g)) for g in found])

    def _backward(self, grads):
        """Run the records backwards, filling ``grads``: tensor -> d(target)/d(tensor).

        The tape lists operations in the order they ran, each after the
        operations that made its inputs, so this is a reverse topological
        order. That is what makes it correct: a tensor used several times
        collects a gradient from every use, and only when all its uses are
        done is its gradient complete, ready to pass on to the inputs that
        made it.
        """
        on_tape = self._ids
        for out, inputs, backward in reversed(self._records):
            g = grads.get(out)
            if g is None:  # the target does not depend on this output
                continue
            for x, gx in zip(inputs, backward(g)):
                if gx is None or id(x) not in on_tape:  # a constant: no gradient wanted
                    continue
                if gx.shape != x._value.shape:
                    gx = _unbroadcast(gx, x._value.shape)
                earlier = grads.get(x)
                grads[x] = gx if earlier is None else earlier + gx
        return grads


def _flatten(sources):
    """(list of the sources, function giving a list of gradients the shape of ``sources``)."""
    if isinstance(sources, dict):
        keys = list(sources)
        listed, pack = list(sources.values()), lambda gs: dict(zip(keys, gs))
    elif isinstance(sources, (list, tuple)):
        listed, pack = list(sources), list
    else:
        listed, pack = [sources], lambda gs: gs[0]
    for s in listed:
        if not isinstance(s, Tensor):
            raise TypeError(f"sources must be Variables or Tensors, got {type(s).__name__}")
    return listed, pack


def _seed(target, output_gradients):
    """d(target)/d(target), where the backward run starts (after checking the target)."""
    if _has_nan(target._value):
        raise ValueError("the target is NaN (not a number): a division 0/0 or an overflow "
                         "upstream (inf - inf, 0 * inf); in training, try a smaller learning "
                         "rate or scale the inputs")
    if output_gradients is None:
        if target._value.size != 1:
            raise ValueError(
                f"tape.gradient() needs a target holding one number, but this target has "
                f"shape {target.shape}: reduce it first, e.g. reduce_mean(target) or "
                f"reduce_sum(target), or pass output_gradients (shaped like the target) "
                f"to weight its numbers. (TensorFlow would silently sum it.)")
        return np.float64(1.0) if target._value.ndim == 0 else np.ones(target.shape)
    g = _checked_array("output_gradients", output_gradients)
    if g.shape != target.shape:
        raise ValueError(f"output_gradients must have the target's shape {target.shape}, "
                         f"got shape {g.shape}")
    return g


def _gradient_function(f, who, count, extra=()):
    """The function ``(*args) -> (f(*args), [df/d arg for the first count(args) args])``."""
    if not callable(f):
        raise TypeError(f"{who}() takes a function, not a {type(f).__name__}: wrap the "
                        f"computation in a function (e.g. lambda w, b: loss(w, b))")
    if extra:  # the article's tf.grads(c, [w, b]): the variables go to the returned function
        raise TypeError(f"{who}() takes only the function f; pass the arguments to the "
                        f"function it returns: {who}(f)(w, b)")

    def value_and_gradients(*args):
        n = count(args)
        args = [_new_tensor(np.array(_checked_array(f"argument {i + 1}", a)))
                if i < n and not isinstance(a, Tensor) else a for i, a in enumerate(args)]
        with GradientTape() as tape:
            tape.watch(args[:n])
            value = f(*args)
        if not isinstance(value, Tensor):
            raise TypeError(f"{who}(): f must return a Tensor computed from its arguments "
                            f"with gdcourse operations, but it returned {type(value).__name__}")
        found = tape.gradient(value, args[:n])
        for i, g in enumerate(found):
            if g is None:
                raise ValueError(f"{who}(): the result of f does not depend on argument "
                                 f"{i + 1}; make f compute its result from its arguments "
                                 f"(not from a global or a tensor computed earlier)")
        return value, found
    return value_and_gradients


def grads(f, *extra):
    """``g(*args)`` returning ``[df/d arg for each arg]``, like TensorFlow.js ``tf.grads``.

    Arguments may be numbers, arrays, tensors or Variables.

    >>> grads(lambda w, b: square(3 * w + b - 4))(0.5, 0.0)
    [<gdcourse.Tensor shape=() numpy=-15.0>, <gdcourse.Tensor shape=() numpy=-5.0>]
    """
    value_and_gradients = _gradient_function(f, "grads", len, extra)
    return lambda *args: value_and_gradients(*args)[1]


def value_and_grads(f):
    """``g(*args)`` returning ``(f(*args), [df/d arg for each arg])``."""
    return _gradient_function(f, "value_and_grads", len)


def value_and_grad(f):
    """``g(x, *rest)`` returning ``(f(x, *rest), df/dx)``.

    Only ``x`` is differentiated; further arguments (data, say) pass through.
    """
    value_and_gradients = _gradient_function(f, "value_and_grad", lambda args: 1)

    def value_and_grad_of_f(x, *rest):
        value, (g,) = value_and_gradients(x, *rest)
        return value, g
    return value_and_grad_of_f
