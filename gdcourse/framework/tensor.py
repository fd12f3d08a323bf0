"""Reverse-mode automatic differentiation: TensorFlow's names, karpathy/micrograd's size.

Each op computes its value with numpy and, inside ``with GradientTape()``, records
``(output, inputs, backward)`` if an input is watched; ``tape.gradient`` runs the records
backwards. Unlike TensorFlow: float64, and a result that would be NaN raises ValueError.
"""
import functools
import math

import numpy as np

from gdcourse import validate
from gdcourse.locale import _

_recording = []  # the tapes whose with-block is running


class Tensor:
    """An array of float64 numbers that ops can be recorded on: ``constant([1, 2]) * 3``."""

    __slots__ = ("_value",)
    trainable = False
    __array_ufunc__ = None  # numpy hands array @ tensor (+ - * /) to __rmatmul__ (__radd__ ...)

    def __init__(self, value):
        self._value = np.array(validate.array("value", value))  # our own copy

    shape = property(lambda self: self._value.shape)
    ndim = property(lambda self: self._value.ndim)
    dtype = property(lambda self: self._value.dtype)

    def numpy(self):
        """A numpy copy of the value (a numpy float for a 0-d tensor)."""
        return self._value[()] if self._value.ndim == 0 else self._value.copy()

    def __array__(self, dtype=None, copy=None):  # np.asarray(w), matplotlib's ax.plot(i, w)
        return np.array(self._value, dtype) if copy else np.asarray(self._value, dtype)

    def __float__(self):
        if self._value.size != 1:
            raise TypeError(_("only a tensor holding one number can become a float, not {tensor!r}", tensor=self))
        return float(self._value.item())

    def __repr__(self):
        v, name = self._value, getattr(self, "name", None)
        return (f"<gdcourse.{type(self).__name__}{'' if name is None else f' {name!r}'} "
                f"shape={self.shape} numpy={(v.item() if v.ndim == 0 else v)!r}>")

    def __format__(self, spec): return format(float(self), spec) if spec else repr(self)
    def __len__(self): return len(self._value)
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
    def __neg__(self): return multiply(self, -1.0)
    def __pow__(self, exponent): return power(self, exponent)

    def __getitem__(self, index):  # t[0], t[1:3], t[[0, 0, 2]] ...; IndexError ends a for loop
        def backward(g, a, y):
            full = np.zeros_like(a)
            np.add.at(full, index, g)  # unlike full[index] += g, adds a repeated index twice
            return (full,)
        return op("indexing", lambda a, index: a[index], backward, {"index": index}, x=self)


class Variable(Tensor):
    """A tensor whose value can change, ``w.assign_sub(lr * grad)``; tapes watch it by itself."""

    __slots__ = ("name", "trainable")

    def __init__(self, value, name=None, trainable=True):
        if name is not None and not isinstance(name, str):
            raise TypeError(_("name must be a string or None, got {type}", type=type(name).__name__))
        self.name, self.trainable = name, bool(trainable)
        what = "value" if name is None else _("value of Variable {name!r}", name=name)
        self._value = np.array(validate.array(what, value))

    def assign(self, value): return self._assign("assign", "value", value, lambda w, v: v.copy())
    def assign_add(self, delta): return self._assign("assign_add", "delta", delta, np.add)
    def assign_sub(self, delta): return self._assign("assign_sub", "delta", delta, np.subtract)

    def _assign(self, how, name, value, combine):
        new = _array(value, name)
        if new.shape != self.shape and not (new.ndim == 0 and how != "assign"):
            variable = "Variable" if self.name is None else f"Variable {self.name!r}"
            raise ValueError(_("{how}: {variable} has shape {shape}, but {name} has shape {new}", how=how,
                               variable=variable, shape=self.shape, name=name, new=new.shape))
        # A new array, never an edit in place: tapes, and np.asarray(w) taken earlier, keep the old.
        self._value = _compute(how, combine, {_("the Variable"): self._value, name: new})
        return self


constant = Tensor  # TensorFlow's name: constant([1, 2]) holds 1.0 and 2.0


def _array(x, name):
    """The numpy value of an op's argument ``x``: a Tensor, a number or an array of numbers."""
    if isinstance(x, Tensor):
        return x._value
    try:
        if x is None or isinstance(x, (str, bytes)) or np.iscomplexobj(x):
            raise TypeError
        return np.asarray(x, dtype=np.float64)
    except OverflowError:  # a whole number such as 10**400
        raise ValueError(_("{name} holds a number too large for float64 (about 1.8e308)", name=name)) from None
    except (TypeError, ValueError):
        raise TypeError(_("cannot use {type} {value!r:.60} as {name}: expected a number, an array of numbers or a "
                          "Tensor", type=type(x).__name__, value=x, name=name)) from None


# The one policy on inf and NaN. A number too big for float64 becomes inf, quietly, as in
# TensorFlow (numpy's RuntimeWarnings would clutter a notebook). NaN is refused: it would
# spread silently through every later result.
_quiet = functools.partial(np.errstate, all="ignore")
_calm = []  # one entry per running quiet() region: ops inside skip their own errstate


class quiet:
    """``with quiet():`` numpy's warnings off for a whole region (a tape's with-block, a step)."""

    def __enter__(self):
        self._errstate = None if _calm else _quiet()  # inside another quiet(): nothing to do
        if self._errstate is not None:
            self._errstate.__enter__()
        _calm.append(self)

    def __exit__(self, *exc_info):
        _calm.remove(self)
        if self._errstate is not None:
            self._errstate.__exit__(*exc_info)


def _refuse_nan(op, out, arrays):
    if math.isnan(np.vdot(out, out)):  # quick: a sum of squares is NaN just when a number is
        named = [name for name, a in arrays.items() if np.isnan(a).any()]
        raise ValueError(_("{op}: {name} contains NaN (not a number)", op=op, name=named[0]) if named else
                         _("{op}: the result would be NaN (not a number), as from 0 / 0, inf - inf, 0 * inf or a "
                           "fractional power of a negative number; look at {names} (in training: the steps diverged, "
                           "try a smaller learning rate)", op=op, names=f" {_('and')} ".join(arrays)))


def _compute(op, f, arrays, **options):
    """``f(*arrays, **options)``, quietly, refusing NaN; ``arrays``: name -> numpy value."""
    try:
        if _calm:  # inside quiet() already
            out = f(*arrays.values(), **options)
        else:
            with _quiet():
                out = f(*arrays.values(), **options)
    except (TypeError, ValueError, OverflowError) as e:  # shapes that don't fit, a bad axis...
        given = [_("{name} of shape {shape}", name=k, shape=a.shape) for k, a in arrays.items()]
        given += [f"{k}={v!r:.60}" for k, v in options.items()]
        raise ValueError(_("{op}: {error} (got {given})", op=op, error=e, given=", ".join(given))) from None
    if type(out) is not np.ndarray:
        out = np.asarray(out, dtype=np.float64)
    if math.isnan(np.vdot(out, out)):  # quick: a sum of squares is NaN just when a number is
        _refuse_nan(op, out, arrays)
    return out


def _result(value, inputs=(), backward=None):
    """A Tensor around ``value`` (unchecked, not copied), recorded on each tape watching an input."""
    out = object.__new__(Tensor)
    out._value = value
    if backward is not None:
        for tape in _recording:
            tape._record(out, inputs, backward)
    return out


def _unbroadcast(g, shape):
    """Sum the gradient ``g`` down to ``shape``: numpy used a broadcast input once per copy."""
    g = g.sum(axis=tuple(range(g.ndim - len(shape)))) if g.ndim > len(shape) else g  # added in front
    if g.shape == shape:
        return g
    return g.sum(axis=tuple(i for i, n in enumerate(shape) if n == 1), keepdims=True)


# The ops: value f(inputs) and rule backward(g, inputs, y): d(target)/dy -> d(target)/d(input).
def op(name, f, backward, options={}, **inputs):  # noqa: B006 (never changed)
    """Run one op: its value ``f(*arrays, **options)`` and, on each tape watching an input, its
    rule ``backward(g, *arrays, value)`` -> one gradient per input. ``inputs``: name -> x."""
    arrays = {k: x._value if isinstance(x, Tensor) else _array(x, k) for k, x in inputs.items()}
    value = _compute(name, f, arrays, **options)
    if not _recording:
        return _result(value)
    values = arrays.values()
    return _result(value, tuple(inputs.values()), lambda g: backward(g, *values, value))


def _unary(name, doc, f, backward):
    def unary(x):
        return op(name, f, lambda g, a, y: (backward(g, a, y),), x=x)
    unary.__name__, unary.__qualname__, unary.__doc__ = name, name, doc
    return unary


def _binary(name, doc, f, backward):
    def binary(x, y):
        return op(name, f, backward, x=x, y=y)
    binary.__name__, binary.__qualname__, binary.__doc__ = name, name, doc
    return binary


def _matmul_backward(g, a, b, y):  # a vector acts as a one-row (left) or one-column matrix
    if a.ndim == b.ndim == 2:  # the usual (n, k) @ (k, m)
        return g @ b.T, a.T @ g
    a2, b2 = (a[None, :] if a.ndim == 1 else a), (b[:, None] if b.ndim == 1 else b)
    g = np.expand_dims(g, tuple(ax for ax, vector in ((-2, a.ndim == 1), (-1, b.ndim == 1)) if vector))
    return (_unbroadcast(g @ b2.swapaxes(-1, -2), a2.shape).reshape(a.shape),
            _unbroadcast(a2.swapaxes(-1, -2) @ g, b2.shape).reshape(b.shape))


add = _binary("add", "x + y, broadcasting like numpy.", np.add, lambda g, a, b, y: (g, g))
subtract = _binary("subtract", "x - y.", np.subtract, lambda g, a, b, y: (g, -g))
multiply = _binary("multiply", "x * y.", np.multiply, lambda g, a, b, y: (g * b, g * a))
divide = _binary("divide", "x / y (n / 0 is inf).", np.divide, lambda g, a, b, y: (g / b, -g * y / b))
matmul = _binary("matmul", "Matrix product x @ y, as numpy's.", np.matmul, _matmul_backward)
squared_difference = _binary("squared_difference", "(x - y) ** 2, TensorFlow's tf.math name.",
                              lambda a, b: np.square(a - b),
                              lambda g, a, b, y: (2.0 * g * (a - b), -2.0 * g * (a - b)))
square = _unary("square", "x ** 2.", np.square, lambda g, a, y: 2.0 * g * a)
relu = _unary("relu", "max(x, 0).", lambda a: np.maximum(a, 0.0), lambda g, a, y: g * (a > 0))


def power(x, exponent):
    """``x ** exponent`` for a plain number ``exponent``."""
    p = validate.number("exponent", exponent)
    return op("power", lambda a, exponent: a ** exponent,
              lambda g, a, y: (np.zeros_like(a) if p == 0 else g * p * a ** (p - 1),), {"exponent": p}, x=x)


def _mean(a, axis, keepdims):
    total = np.add.reduce(a, axis, keepdims=keepdims)
    return total / (a.size // max(total.size, 1))


def _reduce(name, f, x, axis, keepdims):
    """Sum (or mean) along ``axis``; each number gets the result's gradient (or 1/n of it)."""
    axis = tuple(axis) if isinstance(axis, list) else axis

    def backward(g, a, y):
        n = a.size // max(y.size, 1) if f is _mean else 1
        if g.size == 1:
            return (np.full(a.shape, g.item() / n),)
        axes = [i % a.ndim for i in (axis if isinstance(axis, tuple) else (axis,))]
        return (np.zeros(a.shape) + g.reshape([1 if i in axes else k for i, k in enumerate(a.shape)]) / n,)
    return op(name, f, backward, {"axis": axis, "keepdims": keepdims}, x=x)


def reduce_sum(x, axis=None, keepdims=False):
    """Sum of all the numbers, or along ``axis`` (an int or a list of ints)."""
    return _reduce("reduce_sum", np.add.reduce, x, axis, keepdims)


def reduce_mean(x, axis=None, keepdims=False):
    """Mean of all the numbers, or along ``axis``."""
    return _reduce("reduce_mean", _mean, x, axis, keepdims)


def reshape(x, shape):
    """The same numbers arranged in a new ``shape`` (-1: whatever fits)."""
    return op("reshape", lambda a, shape: np.reshape(a, shape),
              lambda g, a, y: (np.reshape(g, a.shape),), {"shape": shape}, x=x)


class GradientTape:
    """Records ops in its with-block; ``gradient`` answers once, or more if ``persistent``."""

    def __init__(self, persistent=False):
        self.persistent, self._used = bool(persistent), False
        self._records, self._watched = [], set()  # (output, inputs, backward) in order; tensors

    def __enter__(self):
        self._quiet = quiet()
        self._quiet.__enter__()
        _recording.append(self)
        return self

    def __exit__(self, *exc_info):
        _recording.remove(self)
        self._quiet.__exit__(*exc_info)

    def watch(self, tensor):
        """Record ops on ``tensor`` (or on each tensor of a list)."""
        for t in tensor if isinstance(tensor, (list, tuple)) else [tensor]:
            if not isinstance(t, Tensor):
                raise TypeError(_("tape.watch() takes a Tensor or Variable, got {type}: make it a tensor with "
                                  "constant(...)", type=type(t).__name__))
            self._watched.add(t)

    def _record(self, out, inputs, backward):
        for x in inputs:
            if isinstance(x, Tensor) and (x.trainable or x in self._watched):
                self._watched.add(out)
                self._records.append((out, inputs, backward))
                return

    def gradient(self, target, sources):
        """d(target)/d(source) for each of ``sources`` (a tensor, or a list or dict of them)."""
        if self._used:
            raise RuntimeError(_("A non-persistent GradientTape can only be used to compute one set of gradients; to "
                                 "call it again, use GradientTape(persistent=True)"))
        if not isinstance(target, Tensor):
            raise TypeError(_("target must be a Tensor, got {type}", type=type(target).__name__))
        many = isinstance(sources, (list, tuple, dict))
        listed = list(sources.values() if isinstance(sources, dict) else sources if many else [sources])
        for s in listed:
            if not isinstance(s, Tensor):
                raise TypeError(_("sources must be Variables or Tensors, got {type}", type=type(s).__name__))
        if target._value.size != 1:
            raise ValueError(_("tape.gradient() needs a target holding one number, not shape {shape}: reduce it: "
                               "reduce_mean(target) or reduce_sum(target)", shape=target.shape))
        # Backwards through the ops, each tensor has all its uses' gradients before passing it on.
        grads, watched = {target: np.array(1.0).reshape(target._value.shape)}, self._watched
        with quiet():
            for out, inputs, backward in reversed(self._records):
                g = grads.get(out)
                if g is not None:
                    for x, gx in zip(inputs, backward(g)):
                        if isinstance(x, Tensor) and (x.trainable or x in watched):
                            shape = x._value.shape
                            gx = gx if gx.shape == shape else _unbroadcast(gx, shape)
                            grads[x] = grads[x] + gx if x in grads else gx
        found = []
        for s in listed:  # own copies; refusing NaN from 0 * inf on the way back
            g = grads.get(s)
            if g is not None and math.isnan(np.vdot(g, g)):
                _refuse_nan("tape.gradient", g, {"the sources": s._value})
            found.append(None if g is None else _result(np.array(g)))
        if not self.persistent:
            self._used, self._records, self._watched = True, [], set()  # let the values go
        return dict(zip(sources, found)) if isinstance(sources, dict) else found if many else found[0]


def grads(f, *extra):
    """``grads(f)(*args)`` is ``[df/d arg for each arg]``, like TensorFlow.js ``tf.grads``."""
    if not callable(f) or extra:  # the article's tf.grads(c, [w, b])
        raise TypeError(_("grads() takes a function, not a {type}: wrap the computation in a function (e.g. lambda "
                          "w, b: loss(w, b))", type=type(f).__name__) if not callable(f) else
                        _("grads() takes only the function f; pass the arguments to the function it returns: "
                          "grads(f)(w, b)"))

    def gradients(*args):
        args = [a if isinstance(a, Tensor) else _result(np.array(validate.array(f"argument {i}", a)))
                for i, a in enumerate(args, 1)]
        with GradientTape() as tape:
            tape.watch(args)
            value = f(*args)
        if not isinstance(value, Tensor):
            raise TypeError(_("grads(): f must return a Tensor computed from its arguments with gdcourse operations, "
                              "but it returned {type}", type=type(value).__name__))
        found = tape.gradient(value, args)
        if None in found:
            raise ValueError(_("grads(): the result of f does not depend on argument {number}; make f compute it "
                               "from its arguments", number=found.index(None) + 1))
        return found
    return gradients
