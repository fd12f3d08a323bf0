"""Losses: values on numpy, values and gradients on tensors."""
import numpy as np
import pytest

import gdcourse as gd
from gdcourse.framework import losses


Y_TRUE = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
Y_PRED = np.array([[1.5, 2.0], [2.0, 4.5], [5.0, 3.0]])


def test_functions_average_over_the_last_axis_like_keras():
    np.testing.assert_allclose(losses.mean_squared_error(Y_TRUE, Y_PRED),
                               [0.125, 0.625, 4.5])
    assert losses.mse is losses.mean_squared_error


def test_classes_give_one_number():
    assert losses.MeanSquaredError()(Y_TRUE, Y_PRED) == pytest.approx((0.125 + 0.625 + 4.5) / 3)


def test_article003_single_prediction():
    # weight 0.5, input 3, true value 4: prediction 1.5, squared error 6.25
    assert losses.mean_squared_error([4.0], [0.5 * 3]) == pytest.approx(6.25)


def test_column_against_flat_is_squeezed_not_broadcast():
    y = np.array([1.0, 2.0, 3.0])
    assert losses.MeanSquaredError()(y, y.reshape(-1, 1) + 1) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same"):
        losses.mean_squared_error(np.arange(99.0), np.arange(9.0))


def test_tensors_are_differentiable():
    w = gd.Variable([[2.0], [0.0]])
    x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    y = np.array([[1.0], [1.0], [1.0]])
    with gd.GradientTape() as tape:
        loss = losses.MeanSquaredError()(y, gd.matmul(x, w))
    assert isinstance(loss, gd.Tensor)
    g = tape.gradient(loss, w).numpy()
    err = x @ w.numpy() - y
    np.testing.assert_allclose(g, 2 * x.T @ err / 3)
    with gd.GradientTape() as tape:  # the per-sample losses, reduced by hand
        loss = gd.reduce_sum(losses.mean_squared_error(y, gd.matmul(x, w)))
    np.testing.assert_allclose(tape.gradient(loss, w).numpy(), 2 * x.T @ err)


@pytest.mark.parametrize("name, cls", [("mse", losses.MeanSquaredError),
                                       ("mean_squared_error", losses.MeanSquaredError),
                                       ("MSE", losses.MeanSquaredError)])
def test_get_by_name(name, cls):
    assert type(losses.get(name)) is cls


def test_get_functions_and_objects():
    assert type(losses.get(losses.mean_squared_error)) is losses.MeanSquaredError
    mse = losses.MeanSquaredError()
    assert losses.get(mse) is mse

    def my_loss(y_true, y_pred):
        return gd.reduce_mean(gd.square(y_true - y_pred))
    assert losses.get(my_loss) is my_loss  # compile(loss=my_loss): fit reduces what it returns


def test_get_unknown_name_lists_known_names():
    with pytest.raises(ValueError, match="gdcourse has 'mse'"):
        losses.get("cross_entropy")
    with pytest.raises(TypeError):
        losses.get(42)
