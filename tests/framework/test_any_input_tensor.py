"""Any input to the tensor ops and GradientTape: a clear error or a sound value."""
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from any_input import *  # noqa: F401,F403  (the harness: bad values, judge, Spec, fuzz_test)
from any_input import _returns, _raises  # noqa: F401
# =============================================================================
# tensor

_x = New(lambda: T.constant([1.0, 2.0]))




TENSOR_OR_BAD = st.one_of(BAD, st.sampled_from([lambda: T.constant([1.0, 2.0]),
                                                lambda: T.Variable([[1.0], [2.0]]),
                                                lambda: T.constant(0.5)]).map(lambda f: f()))


def _binary(op, y=TENSOR_OR_BAD):
    return Spec(f"tensor.{op.__name__}", op, {"x": _x, "y": New(lambda: T.constant([3.0, 4.0]))},
                {"x": TENSOR_OR_BAD, "y": y})


def _unary(op, **extra):
    return Spec(f"tensor.{op.__name__}", op, {"x": _x, **extra}, {"x": TENSOR_OR_BAD}, max_fuzzed=1)


def _method(name):
    def call(**kwargs):
        return getattr(T.Variable([1.0, 2.0], name="w"), name)(**kwargs)
    return call


def _gradient(target=None, sources=None):
    w = T.Variable([1.0, 2.0], name="w")
    with T.GradientTape() as tape:
        loss = T.reduce_sum(T.square(w))
    target = loss if target is None else target
    return tape.gradient(target, [w] if sources is None else sources)


def _watch(tensor):
    with T.GradientTape() as tape:
        tape.watch(tensor)
    return tape


def _grads_call(helper):
    def call(f, x):
        return getattr(T, helper)(f)(x)
    return call


def _square_sum(x):
    return T.reduce_sum(T.square(x))


TENSORS = [
    Spec("tensor.constant", T.constant, {"value": [1.0, 2.0]}, {"value": BAD}),
    Spec("tensor.Tensor", T.Tensor, {"value": [1.0, 2.0]}, {"value": BAD}),
    Spec("tensor.Variable", T.Variable, {"value": [1.0, 2.0], "name": "w", "trainable": True},
         {"value": BAD, "name": BAD}),
    *[_binary(op) for op in (T.add, T.subtract, T.multiply, T.squared_difference)],
    _binary(T.divide),
    Spec("tensor.matmul", T.matmul, {"x": New(lambda: T.constant([[1.0, 2.0]])),
                                      "y": New(lambda: T.constant([[3.0], [4.0]]))},
         {"x": TENSOR_OR_BAD, "y": TENSOR_OR_BAD}),
    *[_unary(op) for op in (T.square, T.relu)],
    Spec("tensor.reduce_sum", T.reduce_sum, {"x": _x, "axis": None, "keepdims": False},
         {"x": TENSOR_OR_BAD, "axis": BAD}, names=("axis",)),
    Spec("tensor.reduce_mean", T.reduce_mean, {"x": _x, "axis": None, "keepdims": False},
         {"x": TENSOR_OR_BAD, "axis": BAD}, names=("axis",)),
    Spec("tensor.reshape", T.reshape, {"x": _x, "shape": (2, 1)}, {"x": TENSOR_OR_BAD, "shape": BAD}),
    Spec("Variable.assign", _method("assign"), {"value": [3.0, 4.0]}, {"value": BAD},
         target=T.Variable.assign),
    Spec("Variable.assign_add", _method("assign_add"), {"delta": [3.0, 4.0]}, {"delta": BAD},
         target=T.Variable.assign_add),
    Spec("Variable.assign_sub", _method("assign_sub"), {"delta": [3.0, 4.0]}, {"delta": BAD},
         target=T.Variable.assign_sub),
    Spec("Tensor.__pow__", lambda exponent: _x.make() ** exponent, {"exponent": 3},
         {"exponent": BAD}, target=T.Tensor.__pow__),
    Spec("Tensor.__getitem__", lambda index: _x.make()[index], {"index": 0}, {"index": BAD},
         target=T.Tensor.__getitem__, allowed=(IndexError,)),  # Python's own rule for indexing
    Spec("GradientTape.gradient", _gradient, {"target": None, "sources": None},
         {"target": BAD, "sources": BAD},
         target=T.GradientTape.gradient),
    Spec("GradientTape.watch", _watch, {"tensor": _x}, {"tensor": BAD}, target=T.GradientTape.watch),
    Spec("tensor.grads", _grads_call("grads"), {"f": _square_sum, "x": [1.0, 2.0]},
         {"f": BAD_OR_CALLBACK, "x": BAD}, target=T.grads, free=("x",), names=("argument",)),
]


@pytest.mark.parametrize("spec", spec_params(TENSORS))
def test_tensor_any_input(spec):
    fuzz_test(spec)


def test_tensor_ops_on_huge_values_and_zero_division_do_not_warn():
    judge(lambda: T.square(T.constant(1e200)), {"x": 1e200})
    judge(lambda: T.multiply(T.constant([1e300]), 1e300), {"y": 1e300})
    judge(lambda: T.divide(1.0, T.constant(0.0)), {"y": 0.0})
    judge(lambda: T.divide(0.0, T.constant(0.0)), {"y": 0.0})
    assert float(T.square(T.constant(1e200))) == math.inf      # honestly too big, quietly
    assert float(T.divide(-1.0, T.constant(0.0))) == -math.inf  # as in TensorFlow
    with pytest.raises(ValueError, match="divide: the result would be NaN .* 0 / 0"):
        T.divide(0.0, T.constant(0.0))


def test_tensor_ops_refuse_nan_inside_numpy_arrays():
    judge(lambda: T.multiply(T.constant(1.0), np.array([np.nan])), {"y": np.array([np.nan])})
    with pytest.raises(ValueError, match="multiply: y contains NaN"):
        T.multiply(T.constant(1.0), np.array([np.nan]))
    with pytest.raises(ValueError, match="multiply: the result would be NaN"):  # inf * 0
        T.multiply(np.array([np.inf]), T.constant(0.0))


def test_reused_tape_raises_the_documented_runtime_error():
    w = T.Variable(1.0)
    with T.GradientTape() as tape:
        loss = T.square(w)
    tape.gradient(loss, w)
    with pytest.raises(RuntimeError, match="persistent=True"):
        tape.gradient(loss, w)


