"""Dense layers: shapes, Glorot-uniform start, seeding, relu, and gradients through the tape."""
import numpy as np
import pytest

import gdcourse as gd
from gdcourse.framework.layers import Dense


def test_shapes_and_variables():
    layer = Dense(3, input_shape=[4])
    assert isinstance(layer.kernel, gd.Variable) and isinstance(layer.bias, gd.Variable)
    assert layer.kernel.shape == (4, 3) and layer.bias.shape == (3,)
    assert layer.bias.numpy().tolist() == [0.0, 0.0, 0.0]
    out = layer(np.ones((5, 4)))
    assert isinstance(out, gd.Tensor) and out.shape == (5, 3)


def test_input_shape_may_be_an_int_and_is_otherwise_learned():
    assert Dense(1, input_shape=2).kernel.shape == (2, 1)
    layer = Dense(2)
    assert layer.kernel is None and layer.trainable_variables == []
    layer(np.ones((1, 3)))
    assert layer.kernel.shape == (3, 2)


def test_kernel_starts_glorot_uniform():
    kernel = Dense(100, input_shape=[200], seed=1).kernel.numpy()
    limit = np.sqrt(6 / (200 + 100))
    assert np.abs(kernel).max() <= limit and kernel.std() == pytest.approx(limit / np.sqrt(3), rel=0.05)


def test_explicit_seed_repeats():
    a = Dense(3, input_shape=[2], seed=5).kernel.numpy()
    b = Dense(3, input_shape=[2], seed=5).kernel.numpy()
    c = Dense(3, input_shape=[2], seed=6).kernel.numpy()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_set_seed_repeats_a_sequence_of_layers():
    def two_layers():
        gd.set_seed(42)
        return [Dense(3, input_shape=[2]).kernel.numpy() for _ in range(2)]
    first, second = two_layers(), two_layers()
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert not np.array_equal(first[0], first[1])  # each layer its own numbers
    gd.set_seed(None)


@pytest.mark.parametrize("activation", [None, "relu"])
def test_output_and_gradients_by_hand(activation):
    rng = np.random.default_rng(0)
    layer = Dense(3, activation=activation, input_shape=[4], seed=0)
    layer.bias.assign(rng.normal(size=3))
    x, upstream = rng.normal(size=(6, 4)), rng.normal(size=(6, 3))  # upstream: d loss / d output
    with gd.GradientTape() as tape:
        out = layer(x)
        loss = gd.reduce_sum(out * upstream)
    g_kernel, g_bias = tape.gradient(loss, [layer.kernel, layer.bias])
    z = x @ layer.kernel.numpy() + layer.bias.numpy()
    grad_z = upstream * (z > 0) if activation == "relu" else upstream
    np.testing.assert_allclose(out.numpy(), np.maximum(z, 0) if activation else z, rtol=1e-13)
    np.testing.assert_allclose(g_kernel.numpy(), x.T @ grad_z, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(g_bias.numpy(), grad_z.sum(axis=0), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("make, error, arg", [
    (lambda: Dense(0), ValueError, "units"),
    (lambda: Dense(1.5), TypeError, "units"),
    (lambda: Dense(1, activation="softmax"), ValueError, "activation"),
    (lambda: Dense(1, input_shape=[2, 3]), TypeError, "input_shape"),
    (lambda: Dense(1, input_shape=[0]), ValueError, "input_shape"),
])
def test_bad_input(make, error, arg):
    with pytest.raises(error, match=arg):
        make()


def test_wrong_input_width_names_the_kernel():
    layer = Dense(1, input_shape=[4])
    with pytest.raises(ValueError, match=r"4 feature.*\(4, 1\)"):
        layer(np.ones((2, 3)))
