"""Tests for gdcourse.framework.tensor: every gradient against central finite differences."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gdcourse as gd
from gdcourse.framework import tensor as T
from gdcourse.framework.tensor import GradientTape, Variable, constant

rng = np.random.default_rng(20240521)


# ---------------------------------------------------------------------------
# helpers

def numeric_gradients(f, arrays, eps=1e-6):
    """Central differences of the number f(*arrays) for every input number."""
    out = []
    for i, x in enumerate(arrays):
        g = np.zeros_like(x)
        for idx in np.ndindex(x.shape):
            up = [a.copy() for a in arrays]
            down = [a.copy() for a in arrays]
            up[i][idx] += eps
            down[i][idx] -= eps
            g[idx] = (f(*up) - f(*down)) / (2 * eps)
        out.append(g)
    return out


def check_gradients(op, *arrays, atol=1e-6, rtol=1e-5):
    """Compare tape gradients of sum(op(*xs) * w), w random, to finite differences."""
    arrays = [np.asarray(a, dtype=float) for a in arrays]
    xs = [constant(a) for a in arrays]
    with GradientTape() as tape:
        tape.watch(xs)
        out = op(*xs)
        weights = rng.normal(size=out.shape)  # a non-uniform upstream gradient
        loss = T.reduce_sum(out * weights)
    got = tape.gradient(loss, xs)

    def f(*values):
        return float(T.reduce_sum(op(*[constant(v) for v in values]) * weights))

    want = numeric_gradients(f, arrays)
    for i, (g, w, a) in enumerate(zip(got, want, arrays)):
        assert g is not None, f"no gradient for input {i}"
        assert isinstance(g, T.Tensor) and g.shape == a.shape
        np.testing.assert_allclose(g.numpy(), w, atol=atol, rtol=rtol,
                                   err_msg=f"gradient of input {i}")


def away_from(values, points, gap=0.2):
    """Move values that are within gap of any point (kinks, ties) away from it."""
    values = np.array(values, dtype=float)
    for p in points:
        near = np.abs(values - p) < gap
        values[near] = p + np.where(values[near] >= p, gap, -gap)
    return values


def normal(*shape):
    return rng.normal(size=shape)


def positive(*shape):
    return rng.uniform(0.5, 2.0, size=shape)


# ---------------------------------------------------------------------------
# gradients of every operation

ELEMENTWISE = {
    "add": (T.add, lambda s: [normal(*s), normal(*s)]),
    "subtract": (T.subtract, lambda s: [normal(*s), normal(*s)]),
    "multiply": (T.multiply, lambda s: [normal(*s), normal(*s)]),
    "divide": (T.divide, lambda s: [normal(*s), positive(*s)]),
    "square": (T.square, lambda s: [normal(*s)]),
    "squared_difference": (T.squared_difference, lambda s: [normal(*s), normal(*s)]),
    "relu": (T.relu, lambda s: [away_from(normal(*s), [0])]),
    "neg": (lambda x: -x, lambda s: [normal(*s)]),
    "pow3": (lambda x: x ** 3, lambda s: [normal(*s)]),
    "pow_half": (lambda x: x ** 0.5, lambda s: [positive(*s)]),
    "pow_minus1": (lambda x: x ** -1, lambda s: [positive(*s)]),
    "pow_numpy_float": (lambda x: x ** np.float64(2.5), lambda s: [positive(*s)]),
}


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
def test_elementwise_gradients(name, shape):
    op, make = ELEMENTWISE[name]
    check_gradients(op, *make(shape))


@pytest.mark.parametrize("shapes", [
    ((3, 1), (1, 4)),
    ((), (3, 4)),
    ((3, 4), ()),
    ((4,), (3, 4)),
    ((2, 1, 4), (3, 1)),
])
@pytest.mark.parametrize("op", [T.add, T.subtract, T.multiply, T.squared_difference])
def test_broadcasting_gradients_are_summed_back(op, shapes):
    check_gradients(op, *(normal(*s) for s in shapes))


@pytest.mark.parametrize("shapes", [((3, 1), (1, 4)), ((), (2, 3)), ((2, 3), ())])
def test_divide_broadcasting(shapes):
    check_gradients(T.divide, normal(*shapes[0]), positive(*shapes[1]))


@pytest.mark.parametrize("shapes", [
    ((4, 3), (3, 2)),   # matrix @ matrix
    ((3,), (3, 2)),     # vector @ matrix
    ((4, 3), (3,)),     # matrix @ vector
    ((3,), (3,)),       # vector . vector
    ((2, 4, 3), (3, 2)),      # a batch of matrices @ matrix
    ((2, 4, 3), (2, 3, 5)),   # batch @ batch
    ((3,), (2, 3, 4)),        # vector @ batch
])
def test_matmul_gradients(shapes):
    check_gradients(T.matmul, *(normal(*s) for s in shapes))


def test_numpy_array_at_variable_and_variable_at_numpy_array():
    x, W, v = normal(5, 3), Variable(normal(3, 2), name="W"), normal(2, 4)
    with GradientTape(persistent=True) as tape:
        left = x @ W             # ndarray @ Variable -> Variable.__rmatmul__
        right = W @ v            # Variable @ ndarray
        loss1, loss2 = T.reduce_sum(left), T.reduce_sum(right)
    assert isinstance(left, T.Tensor) and left.shape == (5, 2)
    np.testing.assert_allclose(tape.gradient(loss1, W).numpy(), x.sum(0)[:, None] * np.ones((3, 2)))
    np.testing.assert_allclose(tape.gradient(loss2, W).numpy(), np.ones((3, 2)) * v.sum(1))


def test_numbers_and_arrays_mix_in_either_order():
    w = Variable([1.0, 2.0])
    a = np.array([3.0, 4.0])
    with GradientTape(persistent=True) as tape:
        results = {
            "2 + w": 2 + w, "w + 2": w + 2, "a - w": a - w, "w - a": w - a,
            "a * w": a * w, "w * 2": w * 2, "2 / w": 2 / w, "w / a": w / a,
            "np.float64(2) * w": np.float64(2) * w, "[1, 1] + w": [1, 1] + w,
        }
        losses = {key: T.reduce_sum(out) for key, out in results.items()}
    expected = {
        "2 + w": [1, 1], "w + 2": [1, 1], "a - w": [-1, -1], "w - a": [1, 1],
        "a * w": [3, 4], "w * 2": [2, 2], "2 / w": [-2, -0.5], "w / a": [1 / 3, 1 / 4],
        "np.float64(2) * w": [2, 2], "[1, 1] + w": [1, 1],
    }
    for key, out in results.items():
        assert isinstance(out, T.Tensor), key
        g = tape.gradient(losses[key], w)
        np.testing.assert_allclose(g.numpy(), expected[key], err_msg=key)


@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2), [0, 1]])
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("op", [T.reduce_sum, T.reduce_mean])
def test_reduce_gradients(op, axis, keepdims):
    check_gradients(lambda x: op(x, axis=axis, keepdims=keepdims), normal(2, 3, 4))


def test_reduce_values():
    x = constant([[1.0, 2.0], [3.0, 6.0]])
    assert float(T.reduce_sum(x)) == 12.0
    assert float(T.reduce_mean(x)) == 3.0
    np.testing.assert_array_equal(T.reduce_mean(x, axis=0).numpy(), [2.0, 4.0])
    assert T.reduce_sum(x, axis=1, keepdims=True).shape == (2, 1)


@pytest.mark.parametrize("op", [
    lambda x: T.reshape(x, (4, 3)),
    lambda x: T.reshape(x, [-1]),
])
def test_reshape_gradients(op):
    check_gradients(op, normal(2, 6))


@pytest.mark.parametrize("index", [
    0, -1, slice(1, 3), (1, 2), (slice(None), 0), [0, 0, 2],
    np.array([3, 1, 1]), (Ellipsis, 1), np.array([True, False, True, False]),
])
def test_indexing_gradients_are_scattered_back(index):
    check_gradients(lambda x: x[index], normal(4, 3))


def test_repeated_index_counts_twice():
    w = Variable([1.0, 2.0, 3.0])
    with GradientTape() as tape:
        loss = T.reduce_sum(w[[0, 0, 2]] * 1.0)
    np.testing.assert_array_equal(tape.gradient(loss, w).numpy(), [2, 0, 1])


def test_a_variable_used_several_times_sums_its_gradients():
    w = Variable(3.0)
    with GradientTape() as tape:
        y = w * w + 2 * w  # dy/dw = 2w + 2 = 8
    assert float(tape.gradient(y, w)) == 8.0


def test_composite_chain_matches_finite_differences():
    def model(x, W, b):
        return T.reduce_mean(T.square(T.relu(x @ W + b) - 0.5))
    check_gradients(model, normal(6, 3), normal(3, 2), normal(2))


# ---------------------------------------------------------------------------
# exact values

def test_exact_gradient_of_the_lesson_example():
    w = Variable(0.5, name="w")
    with GradientTape() as tape:
        loss = (3 * w - 4) ** 2
    grad = tape.gradient(loss, w)
    assert float(grad) == -15.0  # 2 * 3 * (1.5 - 4)
    assert grad.shape == ()


def test_linear_regression_gradient_matches_the_formula():
    x, y = normal(8, 3), normal(8, 1)
    W, b = Variable(normal(3, 1), name="W"), Variable(np.zeros(1), name="b")
    with GradientTape() as tape:
        loss = T.reduce_mean(T.square(x @ W + b - y))
    dW, db = tape.gradient(loss, [W, b])
    err = x @ W.numpy() + b.numpy() - y
    np.testing.assert_allclose(dW.numpy(), 2 * x.T @ err / 8)
    np.testing.assert_allclose(db.numpy(), 2 * err.sum(0) / 8)
    assert db.shape == (1,)


# ---------------------------------------------------------------------------
# the tape

def test_unconnected_source_gets_none():
    w, v = Variable(1.0), Variable(2.0)
    with GradientTape() as tape:
        loss = w * 3
    assert tape.gradient(loss, [w, v])[1] is None


def test_single_source_gives_one_gradient_list_gives_list_dict_gives_dict():
    w, b = Variable(2.0, name="w"), Variable(1.0, name="b")
    with GradientTape(persistent=True) as tape:
        loss = w * b
    single = tape.gradient(loss, w)
    assert isinstance(single, T.Tensor) and float(single) == 1.0
    as_list = tape.gradient(loss, [w, b])
    assert isinstance(as_list, list) and [float(g) for g in as_list] == [1.0, 2.0]
    as_tuple = tape.gradient(loss, (w, b))
    assert isinstance(as_tuple, list) and len(as_tuple) == 2
    as_dict = tape.gradient(loss, {"w": w, "b": b})
    assert {k: float(g) for k, g in as_dict.items()} == {"w": 1.0, "b": 2.0}


def test_gradients_are_tensors_readable_by_numpy():
    w = Variable([1.0, 2.0])
    with GradientTape() as tape:
        loss = T.reduce_sum(w * w)
    g = tape.gradient(loss, w)
    assert isinstance(g, T.Tensor) and not isinstance(g, Variable)
    np.testing.assert_array_equal(np.asarray(g), [2.0, 4.0])
    np.testing.assert_array_equal(g.numpy(), [2.0, 4.0])
    assert np.asarray(g).flags.writeable


def test_gradients_do_not_share_memory():
    a, b = Variable([1.0, 2.0]), Variable([3.0, 4.0])
    with GradientTape() as tape:
        loss = T.reduce_sum(a + b)
    ga, gb = tape.gradient(loss, [a, b])
    assert not np.shares_memory(np.asarray(ga), np.asarray(gb))


def test_non_persistent_tape_answers_once():
    w = Variable(1.0)
    with GradientTape() as tape:
        loss = w * w
    tape.gradient(loss, w)
    with pytest.raises(RuntimeError, match="non-persistent GradientTape can only be used to "
                                           "compute one set of gradients.*persistent=True"):
        tape.gradient(loss, w)


def test_persistent_tape_answers_many_times():
    w = Variable(2.0)
    with GradientTape(persistent=True) as tape:
        y = w * w
        z = y * w
    assert float(tape.gradient(y, w)) == 4.0
    assert float(tape.gradient(z, w)) == 12.0
    assert float(tape.gradient(z, y)) == 2.0  # gradient with respect to an intermediate


def test_gradient_inside_the_with_block():
    w = Variable(2.0)
    with GradientTape() as tape:
        y = w * w
        assert float(tape.gradient(y, w)) == 4.0


def test_constants_need_watch():
    c = constant(3.0)
    with GradientTape(persistent=True) as tape:
        y = c * c
    assert tape.gradient(y, c) is None
    with GradientTape() as tape:
        tape.watch(c)
        y = c * c
    assert float(tape.gradient(y, c)) == 6.0


def test_watch_rejects_non_tensors():
    with GradientTape() as tape:
        with pytest.raises(TypeError, match="constant"):
            tape.watch(np.ones(2))


def test_non_trainable_variable_is_not_watched():
    w = Variable(1.0, trainable=False)
    with GradientTape() as tape:
        y = w * 2
    assert tape.gradient(y, w) is None


def test_operations_outside_a_tape_are_not_recorded():
    w = Variable(2.0)
    y = w * w  # before the tape
    with GradientTape() as tape:
        z = y * 3
    assert tape.gradient(z, w) is None
    assert T._recording == []


def test_values_used_by_the_tape_are_the_values_at_the_time():
    w = Variable(2.0)
    with GradientTape() as tape:
        y = w * w
    w.assign(100.0)
    assert float(tape.gradient(y, w)) == 4.0


def test_two_tapes_at_once():
    w = Variable(3.0)
    with GradientTape() as outer:
        a = w * 2
        with GradientTape() as inner:
            b = a * w
    # For the inner tape, a was made before it started: a constant, as in TensorFlow.
    assert float(inner.gradient(b, w)) == 6.0  # d(a w)/dw = a
    assert float(outer.gradient(b, w)) == 12.0  # d(2 w^2)/dw
    assert T._recording == []


def test_tape_is_closed_after_an_exception():
    with pytest.raises(ZeroDivisionError):
        with GradientTape():
            1 / 0
    assert T._recording == []


def test_non_scalar_target_is_refused_with_a_hint():
    w = Variable([1.0, 2.0])
    with GradientTape() as tape:
        y = w * w
    with pytest.raises(ValueError, match=r"needs a target holding one number") as info:
        tape.gradient(y, w)
    assert "reduce_sum" in str(info.value) and "reduce_mean" in str(info.value)


def test_target_of_shape_one_counts_as_a_number():
    w = Variable([[2.0]])
    with GradientTape() as tape:
        y = w * w
    assert tape.gradient(y, w).numpy().tolist() == [[4.0]]


def test_gradient_argument_errors():
    w = Variable(1.0)
    with GradientTape(persistent=True) as tape:
        y = w * 2
    with pytest.raises(TypeError, match="target must be a Tensor"):
        tape.gradient(2.0, w)
    with pytest.raises(TypeError, match="sources must be Variables or Tensors"):
        tape.gradient(y, [w, np.ones(1)])


# ---------------------------------------------------------------------------
# grads, value_and_grad, value_and_grads

def test_grads_returns_a_list_of_gradients():
    g = gd.grads(lambda w, b: T.square(3 * w + b - 4))
    dw, db = g(0.5, 0.0)
    assert float(dw) == -15.0 and float(db) == -5.0


def test_grads_accepts_arrays_tensors_and_variables():
    f = gd.grads(lambda x, y: T.reduce_sum(x * y))
    gx, gy = f(np.array([1.0, 2.0]), Variable([3.0, 4.0]))
    np.testing.assert_array_equal(gx.numpy(), [3.0, 4.0])
    np.testing.assert_array_equal(gy.numpy(), [1.0, 2.0])
    gx, gy = f(constant([1.0, 2.0]), [5.0, 6.0])
    np.testing.assert_array_equal(gx.numpy(), [5.0, 6.0])


def test_grads_of_a_tensor_is_a_clear_type_error():
    w, b = Variable(1.0), Variable(2.0)
    c = T.square(w * 3 + b)
    with pytest.raises(TypeError, match=r"takes a function, not a Tensor: wrap the "
                                        r"computation in a function \(e\.g\. lambda w, b"):
        gd.grads(c)


def test_the_articles_exact_call_gets_the_clear_message():
    w, b = Variable(1.0), Variable(2.0)
    c = T.square(w * 3 + b)
    with pytest.raises(TypeError, match="takes a function, not a Tensor"):
        gd.grads(c, [w, b])  # article 000: tf.grads(c, [w, b])
    with pytest.raises(TypeError, match=r"pass the arguments to the function it returns: grads\(f\)\(w, b\)"):
        gd.grads(lambda w, b: w * b, [w, b])


def test_grads_argument_not_used_is_an_error():
    with pytest.raises(ValueError, match="does not depend on argument 2"):
        gd.grads(lambda w, b: w * 2)(1.0, 2.0)


def test_grads_function_must_return_a_tensor():
    with pytest.raises(TypeError, match="must return a Tensor"):
        gd.grads(lambda w: 3.0)(1.0)


# ---------------------------------------------------------------------------
# Variable, constant, Tensor basics

def test_variable_basics():
    w = Variable([0.5], name="w")
    assert w.shape == (1,) and w.ndim == 1 and w.dtype == np.float64
    assert w.name == "w" and w.trainable
    assert repr(w) == "<gdcourse.Variable 'w' shape=(1,) numpy=array([0.5])>"
    assert isinstance(w, T.Tensor)
    assert gd.Variable is Variable and gd.GradientTape is GradientTape


def test_repr_of_tensors():
    assert repr(constant([1, 2])) == "<gdcourse.Tensor shape=(2,) numpy=array([1., 2.])>"
    assert repr(constant(3)) == "<gdcourse.Tensor shape=() numpy=3.0>"
    assert repr(Variable(1.0)) == "<gdcourse.Variable shape=() numpy=1.0>"


def test_numpy_returns_a_copy_and_float_works():
    w = Variable([1.0, 2.0])
    w.numpy()[0] = 99.0
    assert w.numpy()[0] == 1.0
    assert float(constant([[4.0]])) == 4.0
    assert isinstance(constant(2.0).numpy(), float)
    assert f"{constant(3.14159):.2f}" == "3.14"
    assert len(constant([1, 2, 3])) == 3
    with pytest.raises(TypeError, match="one number"):
        float(constant([1.0, 2.0]))


def test_variables_can_be_copied_and_pickled():
    import copy
    import pickle
    w = Variable([1.0, 2.0], name="w")
    for clone in (copy.deepcopy(w), pickle.loads(pickle.dumps(w))):
        assert clone is not w and clone.name == "w" and clone.trainable
        np.testing.assert_array_equal(clone.numpy(), [1.0, 2.0])


def test_iterating_a_tensor_gives_its_rows():
    rows = list(constant([[1.0, 2.0], [3.0, 4.0]]))
    assert [r.numpy().tolist() for r in rows] == [[1.0, 2.0], [3.0, 4.0]]


def test_constant_copies_its_input():
    a = np.array([1.0, 2.0])
    c = constant(a)
    a[0] = 5.0
    assert c.numpy()[0] == 1.0


def test_assign_changes_the_variable_in_place_and_returns_it():
    w = Variable([1.0, 2.0], name="w")
    before = np.asarray(w)
    assert w.assign([3.0, 4.0]) is w
    assert w.assign_add([1.0, 1.0]) is w
    assert w.assign_sub(constant([0.5, 0.5])) is w
    np.testing.assert_array_equal(w.numpy(), [3.5, 4.5])
    np.testing.assert_array_equal(before, [1.0, 2.0])  # arrays taken earlier keep their value


@pytest.mark.parametrize("method", ["assign", "assign_add", "assign_sub"])
def test_assign_rejects_wrong_shape_and_nan(method):
    w = Variable([1.0, 2.0], name="w")
    with pytest.raises(ValueError, match=r"Variable 'w' has shape \(2,\)"):
        getattr(w, method)([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"Variable 'w' has shape \(2,\)"):
        getattr(w, method)(np.ones((2, 2)))
    with pytest.raises(ValueError, match="NaN"):
        getattr(w, method)([np.nan, 1.0])
    with pytest.raises(TypeError, match="str"):
        getattr(w, method)("1.0")
    np.testing.assert_array_equal(w.numpy(), [1.0, 2.0])


def test_assign_add_and_sub_accept_one_number():
    w = Variable([1.0, 2.0])
    np.testing.assert_array_equal(w.assign_sub(0.5).numpy(), [0.5, 1.5])
    with pytest.raises(ValueError, match=r"has shape \(2,\)"):
        w.assign(0.0)


def test_bad_values_name_the_argument():
    with pytest.raises(ValueError, match="value of Variable 'w' must contain only finite"):
        Variable([1.0, np.nan], name="w")
    with pytest.raises(ValueError, match="value must contain only finite"):
        Variable(np.inf)
    with pytest.raises(TypeError, match="value must be a number or an array"):
        Variable("0.5")
    with pytest.raises(TypeError, match="value must be a number or an array"):
        constant(None)
    with pytest.raises(TypeError, match="name must be a string"):
        Variable(1.0, name=3)
    with pytest.raises(TypeError, match="cannot use str"):
        constant(1.0) + "a"


def test_exponent_must_be_a_number():
    x = constant(2.0)
    with pytest.raises(TypeError, match="exponent must be a real number, got Tensor"):
        x ** constant(2.0)
    with pytest.raises(TypeError, match="unsupported operand"):
        2 ** x
    with pytest.raises(TypeError, match="exponent must be a real number"):
        x ** "2"


# ---------------------------------------------------------------------------
# no NaN silently, no warnings

def test_results_that_would_be_nan_are_refused():
    with pytest.raises(ValueError, match="power: the result would be NaN .* fractional power of a "
                                         "negative number"):
        constant([-1.0]) ** 0.5
    assert float(constant(0.0) ** -1.0) == np.inf  # as in TensorFlow: not NaN


def test_overflow_gives_inf_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isinf(float(T.square(constant(1e200))))
        x = constant([0.0, 4.0])
        with GradientTape() as tape:
            tape.watch(x)
            y = T.reduce_sum(x ** 0.5)
        assert tape.gradient(y, x).numpy().tolist() == [np.inf, 0.25]


def test_ops_and_gradients_are_quiet_but_numpy_outside_is_not():
    w = Variable([1e200, 2.0], name="w")
    with GradientTape() as tape:
        loss = T.reduce_sum(T.square(w))  # 1e400 overflows: inf, no warning
    assert float(loss) == np.inf
    # the backward pass is quiet too: 2 * g * w with g = 1.7e308 overflows
    with GradientTape() as tape:
        y = T.reduce_sum(T.square(w) * 1.7e308)
    assert tape.gradient(y, w).numpy().tolist() == [np.inf, np.inf]
    # numpy itself still warns (pytest turns the warning into an error)
    with pytest.raises(RuntimeWarning, match="overflow"):
        np.array(1e200) * np.array(1e200)


def test_nan_inside_a_tape_is_refused_at_once_with_a_hint():
    w = Variable([1e200, 2.0], name="w")
    with GradientTape():
        big = T.reduce_sum(T.square(w))
        with pytest.raises(ValueError, match="the result would be NaN .* try a smaller learning rate"):
            big - big  # inf - inf


def test_a_nan_gradient_is_refused():
    x = constant([0.0])
    with GradientTape() as tape:
        tape.watch(x)
        y = T.reduce_sum(x ** 0.5 * 0.0)  # d/dx = 0 * inf
    with pytest.raises(ValueError, match="tape.gradient: the result would be NaN"):
        tape.gradient(y, x)


def test_operations_outside_a_tape_give_inf_quietly_and_refuse_nan():
    assert T.multiply(constant([1e300]), 1e300).numpy().tolist() == [np.inf]
    assert float(T.divide(1.0, constant(0.0))) == np.inf
    with pytest.raises(ValueError, match="divide: the result would be NaN .* 0 / 0"):
        T.divide(constant([1.0, 0.0]), constant([2.0, 0.0]))
    with pytest.raises(ValueError, match="add: y contains NaN"):
        T.add(constant(1.0), np.array([np.nan]))
    with pytest.raises(ValueError, match="reduce_sum: the result would be NaN"):
        T.reduce_sum(np.array([np.inf, -np.inf]))
    with pytest.raises(ValueError, match="assign_sub: delta contains NaN"):
        Variable([1.0]).assign_sub(np.array([np.nan]))
    with pytest.raises(ValueError, match="assign_sub: the result would be NaN .* smaller learning"):
        Variable([np.finfo(float).max]).assign_add(np.array([np.inf])).assign_sub(np.inf)


def test_power_zero_has_zero_gradient_everywhere():
    x = constant([0.0, 2.0])
    with GradientTape() as tape:
        tape.watch(x)
        y = T.reduce_sum(x ** 0)
    assert tape.gradient(y, x).numpy().tolist() == [0.0, 0.0]


# ---------------------------------------------------------------------------
# properties (hypothesis)

small_floats = st.floats(-10, 10, allow_nan=False, width=64)


@settings(max_examples=25, deadline=None)
@given(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4))
def test_broadcast_gradient_counts_each_use(shapes):
    """d sum(x + y) / dx: each number of x counts once per time broadcasting used it."""
    sx, sy = shapes.input_shapes
    x, y = Variable(np.zeros(sx) if sx else 0.0), Variable(np.zeros(sy) if sy else 0.0)
    with GradientTape() as tape:
        loss = T.reduce_sum(x + y)
    gx, gy = tape.gradient(loss, [x, y])
    size = int(np.prod(shapes.result_shape))
    assert gx.shape == sx and gy.shape == sy
    np.testing.assert_array_equal(gx.numpy(), np.full(sx, size / max(int(np.prod(sx)), 1)))
    np.testing.assert_array_equal(gy.numpy(), np.full(sy, size / max(int(np.prod(sy)), 1)))


@settings(max_examples=25, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=4),
                  elements=small_floats))
def test_gradient_of_weighted_sum_is_the_weights(w):
    """d sum(x * w) / dx = w, and the tape gradient equals the formula for x * x."""
    x = Variable(np.ones_like(w))
    with GradientTape(persistent=True) as tape:
        lin = T.reduce_sum(x * w)
        quad = T.reduce_sum(T.square(x) * w)
    np.testing.assert_array_equal(tape.gradient(lin, x).numpy(), w)
    np.testing.assert_allclose(tape.gradient(quad, x).numpy(), 2 * w)


# ---------------------------------------------------------------------------
# speed (a loose check; benchmarks/tape_overhead.py measures properly)

def test_a_training_loop_converges():
    data = np.random.default_rng(1)
    X = data.normal(size=(200, 3))
    y = X @ np.array([[1.0], [-2.0], [0.5]]) + 0.3
    W, b = Variable(np.zeros((3, 1)), name="W"), Variable(np.zeros(1), name="b")
    for step in range(300):
        idx = data.integers(0, 200, size=32)
        with GradientTape() as tape:
            loss = T.reduce_mean(T.square(X[idx] @ W + b - y[idx]))
        dW, db = tape.gradient(loss, [W, b])
        W.assign_sub(0.1 * np.asarray(dW))
        b.assign_sub(0.1 * db)
    np.testing.assert_allclose(W.numpy().ravel(), [1.0, -2.0, 0.5], atol=1e-3)
    np.testing.assert_allclose(b.numpy(), [0.3], atol=1e-3)
