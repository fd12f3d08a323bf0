"""Dense layers: shapes, initializers, seeding, and backprop against the tape."""
import numpy as np
import pytest

import gdcourse as gd
from gdcourse.framework import layers
from gdcourse.framework.layers import Dense


def test_shapes_and_variables():
    layer = Dense(3, input_shape=[4])
    assert isinstance(layer.kernel, gd.Variable) and isinstance(layer.bias, gd.Variable)
    assert layer.kernel.shape == (4, 3) and layer.bias.shape == (3,)
    assert layer.kernel.name == "dense/kernel" and layer.bias.name == "dense/bias"
    assert layer.count_params() == 15
    out = layer(np.ones((5, 4)))
    assert isinstance(out, gd.Tensor) and out.shape == (5, 3)


def test_input_shape_may_be_an_int_and_is_otherwise_learned():
    assert Dense(1, input_shape=2).kernel.shape == (2, 1)
    layer = Dense(2)
    with pytest.raises(AttributeError, match="input_shape"):
        layer.kernel
    assert layer.trainable_variables == []
    layer(np.ones((1, 3)))
    assert layer.kernel.shape == (3, 2)


def test_no_bias():
    layer = Dense(2, input_shape=[3], use_bias=False)
    assert layer.bias is None and len(layer.trainable_variables) == 1
    assert layer.count_params() == 6


@pytest.mark.parametrize("init, check", [
    ("zeros", lambda k: (k == 0).all()),
    ("ones", lambda k: (k == 1).all()),
    (0.5, lambda k: (k == 0.5).all()),
    ("glorot_uniform", lambda k: np.abs(k).max() <= np.sqrt(6 / (200 + 100))),
    ("random_uniform", lambda k: np.abs(k).max() <= 0.05),
    ("random_normal", lambda k: 0.04 < k.std() < 0.06 and abs(k.mean()) < 0.01),
])
def test_initializers(init, check):
    kernel = Dense(100, input_shape=[200], kernel_initializer=init, seed=1).kernel.numpy()
    assert check(kernel)


def test_array_and_function_initializers():
    layer = Dense(2, input_shape=[1], kernel_initializer=[[1.0, 2.0]], bias_initializer=[3.0, 4.0])
    assert layer.kernel.numpy().tolist() == [[1.0, 2.0]]
    assert layer.bias.numpy().tolist() == [3.0, 4.0]
    layer = Dense(2, input_shape=[2], kernel_initializer=lambda shape: np.eye(shape[0]))
    assert layer.kernel.numpy().tolist() == [[1.0, 0.0], [0.0, 1.0]]
    with pytest.raises(ValueError, match="shape"):
        Dense(2, input_shape=[3], kernel_initializer=[[1.0, 2.0]]).kernel


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


@pytest.mark.parametrize("activation", [None, "linear", "relu", "sigmoid", "tanh"])
def test_forward_backward_match_the_tape(activation):
    rng = np.random.default_rng(0)
    layer = Dense(3, activation=activation, input_shape=[4], seed=0,
                  bias_initializer="random_normal")
    x = rng.normal(size=(6, 4))
    upstream = rng.normal(size=(6, 3))  # some d loss / d output
    x_t = gd.constant(x)
    with gd.GradientTape() as tape:
        tape.watch(x_t)
        out = layer(x_t)
        loss = gd.reduce_sum(out * upstream)
    g_x, g_kernel, g_bias = tape.gradient(loss, [x_t, layer.kernel, layer.bias])

    np.testing.assert_allclose(layer.forward(x), out.numpy(), rtol=1e-13)
    grad_x, (grad_kernel, grad_bias) = layer.backward(upstream)
    np.testing.assert_allclose(grad_kernel, g_kernel.numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grad_bias, g_bias.numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grad_x, g_x.numpy(), rtol=1e-12, atol=1e-15)
    assert layer.backward(upstream, need_input_grad=False)[0] is None


def test_get_and_set_weights():
    layer = Dense(1, input_shape=[2])
    layer.set_weights([np.array([[1.0], [2.0]]), np.array([3.0])])
    assert layer(np.array([[1.0, 1.0]])).numpy().tolist() == [[6.0]]
    assert [w.tolist() for w in layer.get_weights()] == [[[1.0], [2.0]], [3.0]]
    with pytest.raises(ValueError, match="shape"):
        layer.set_weights([np.ones((3, 1)), np.ones(1)])


@pytest.mark.parametrize("make, error, arg", [
    (lambda: Dense(0), ValueError, "units"),
    (lambda: Dense(1.5), TypeError, "units"),
    (lambda: Dense(1, activation="softmax"), ValueError, "activation"),
    (lambda: Dense(1, kernel_initializer="he_normal"), ValueError, "kernel_initializer"),
    (lambda: Dense(1, input_shape=[2, 3]), ValueError, "input_shape"),
    (lambda: Dense(1, input_shape=[0]), ValueError, "input_shape"),
    (lambda: Dense(1, bias_initializer=[np.nan]), ValueError, "bias_initializer"),
])
def test_bad_input(make, error, arg):
    with pytest.raises(error, match=arg):
        make()


def test_wrong_input_width_names_the_kernel():
    layer = Dense(1, input_shape=[4])
    with pytest.raises(ValueError, match=r"4 feature.*\(4, 1\)"):
        layer(np.ones((2, 3)))


def test_initialize_helper():
    rng = np.random.default_rng(0)
    assert layers.initialize("zeros", (2, 2), rng).shape == (2, 2)
    with pytest.raises(ValueError, match="unknown initializer"):
        layers.initialize("nope", (2,), rng)
