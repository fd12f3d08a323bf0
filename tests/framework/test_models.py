"""Sequential: compile, fit, predict, evaluate, and what happens when things go wrong."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdcourse as gd
from gdcourse.framework import callbacks, losses, optimizers
from gdcourse.course import datasets
from gdcourse.framework.layers import Dense
from gdcourse.framework.models import NotCompiledError, Sequential


def linear_model(inputs=1, lr=0.01, optimizer=None, seed=0, **compile_kw):
    model = Sequential([Dense(1, input_shape=[inputs], seed=seed)])
    model.compile(optimizer=optimizer or optimizers.SGD(lr), loss="mse", **compile_kw)
    return model


def batch_sizes(model, x, y, **fit_kw):
    sizes = []
    model.fit(x, y, verbose=0, callbacks=[callbacks.LambdaCallback(
        on_batch_end=lambda batch, logs: sizes.append((batch, logs["size"])))], **fit_kw)
    return sizes


# ---- epochs and batches ---------------------------------------------------------------

def test_last_partial_batch_is_used():
    x, y = np.arange(10.0), 2 * np.arange(10.0)
    sizes = batch_sizes(linear_model(), x, y, epochs=3, batch_size=4)
    assert sizes == [(0, 4), (1, 4), (2, 2)] * 3


@pytest.mark.parametrize("batch_size, expected", [(10, [10]), (1, [1] * 10), (32, [10]),
                                                  (5, [5, 5])])
def test_batch_gd_sgd_and_mini_batch(batch_size, expected):
    x = np.arange(10.0)
    sizes = batch_sizes(linear_model(), x, x, epochs=1, batch_size=batch_size)
    assert [size for _, size in sizes] == expected


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 40), batch_size=st.integers(1, 50), epochs=st.integers(1, 3))
def test_batches_cover_the_data_every_epoch(n, batch_size, epochs):
    x = np.linspace(0, 1, n)
    sizes = batch_sizes(linear_model(), x, x, epochs=epochs, batch_size=batch_size, seed=0)
    per_epoch = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    assert [size for _, size in sizes] == per_epoch * epochs
    assert [batch for batch, _ in sizes] == list(range(len(per_epoch))) * epochs


def test_history_has_one_loss_per_epoch():
    x, y = datasets.noisy_line(n=20)
    model = linear_model(lr=1e-5)
    history = model.fit(x, y, epochs=7, batch_size=8, verbose=0)
    assert len(history.history["loss"]) == 7 and history.epoch == list(range(7))
    assert model.history is history and not history.diverged
    assert set(history.history) == {"loss"}


def test_epoch_loss_is_the_mean_loss_per_sample():
    x, y = np.arange(10.0), 3 * np.arange(10.0) + 1
    model = linear_model(lr=0.001)
    recorder = callbacks.WeightRecorder()
    history = model.fit(x, y, epochs=2, batch_size=4, shuffle=False, callbacks=[recorder],
                        verbose=0)
    sizes = np.array([4, 4, 2])
    for epoch in range(2):
        batch_losses = recorder.losses[3 * epoch:3 * epoch + 3]
        assert history.history["loss"][epoch] == pytest.approx(
            np.sum(batch_losses * sizes) / 10, rel=1e-12)


def test_validation_data_gives_val_loss():
    x, y = datasets.noisy_line(n=30)
    x_val, y_val = datasets.noisy_line(n=10, seed=1)
    model = linear_model(lr=1e-5, metrics=["mae"])
    history = model.fit(x, y, epochs=3, validation_data=(x_val, y_val), verbose=0)
    assert set(history.history) == {"loss", "mae", "val_loss", "val_mae"}
    assert len(history.history["val_loss"]) == 3
    loss, mae = model.evaluate(x_val, y_val)
    assert history.history["val_loss"][-1] == pytest.approx(loss, rel=1e-12)
    assert history.history["val_mae"][-1] == pytest.approx(mae, rel=1e-12)


def test_early_stopping_stops():
    x = np.linspace(0, 1, 20)
    # The validation targets go the other way, so val_loss rises as training improves.
    model = linear_model(optimizer=optimizers.SGD(0.5))
    stopper = callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    history = model.fit(x, 2 * x, epochs=50, validation_data=(x, -2 * x), callbacks=[stopper],
                        verbose=0)
    assert len(history.epoch) < 50
    assert stopper.stopped_epoch == history.epoch[-1]
    assert model.stop_reason.startswith("stopped by a callback")
    best = min(history.history["val_loss"])
    assert model.evaluate(x, -2 * x) < history.history["val_loss"][-1]
    assert best == history.history["val_loss"][stopper.best_epoch]


# ---- shuffling and seeds ------------------------------------------------------------------

def trained_weights(**fit_kw):
    x, y = datasets.noisy_line(n=40)
    model = linear_model(lr=1e-5, seed=3)
    model.fit(x, y, epochs=3, batch_size=8, verbose=0, **fit_kw)
    return np.concatenate([w.ravel() for w in model.get_weights()])


def test_seeded_shuffling_is_reproducible():
    np.testing.assert_array_equal(trained_weights(seed=1), trained_weights(seed=1))
    assert not np.array_equal(trained_weights(seed=1), trained_weights(seed=2))
    np.testing.assert_array_equal(trained_weights(shuffle=False), trained_weights(shuffle=False))


def test_set_seed_drives_shuffling_and_initial_weights():
    def run():
        gd.set_seed(7)
        x, y = datasets.noisy_line(n=40)
        model = Sequential([Dense(1)])
        model.compile(optimizers.SGD(1e-5), "mse")
        model.fit(x, y, epochs=2, batch_size=8, verbose=0)
        return model.get_weights()
    first, second = run(), run()
    gd.set_seed(None)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_shuffle_visits_every_sample_once_per_epoch():
    x = np.arange(12.0)
    seen = []
    model = Sequential([Dense(1, input_shape=[1], kernel_initializer="ones")])
    model.compile(optimizers.SGD(1e-9), "mse")
    original = model._backprop_step

    def spy(xb, yb):
        seen.extend(xb.ravel().tolist())
        return original(xb, yb)
    model._backprop_step = spy
    model.fit(x, x, epochs=2, batch_size=5, seed=0, verbose=0)
    assert sorted(seen[:12]) == sorted(seen[12:]) == x.tolist()
    assert seen[:12] != x.tolist() and seen[:12] != seen[12:]


# ---- accuracy and gradients ----------------------------------------------------------------

def test_adam_reaches_least_squares_on_the_noisy_line():
    x, y = datasets.noisy_line()
    xs, ys = x / 100, y / 100  # scaled inputs: Adam steps of ~lr suit numbers near 1
    model = linear_model(optimizer=optimizers.Adam(learning_rate=0.05))
    model.fit(xs, ys, epochs=1500, batch_size=len(x), shuffle=False, verbose=0)
    (slope, intercept), *_ = np.linalg.lstsq(np.hstack([xs, np.ones_like(xs)]), ys, rcond=None)
    kernel, bias = model.get_weights()
    assert kernel[0, 0] == pytest.approx(slope[0], rel=1e-6)
    assert bias[0] == pytest.approx(intercept[0], rel=1e-6)


@pytest.mark.parametrize("loss", ["mse", "mae"])
def test_fit_gradients_agree_with_the_tape(loss):
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(8, 3)), rng.normal(size=(8, 2))
    model = Sequential([Dense(4, activation="tanh", input_shape=[3], seed=1),
                        Dense(2, activation="relu", seed=2, bias_initializer=0.3)])
    model.compile(optimizers.SGD(learning_rate=1.0), loss)
    before = model.get_weights()
    with gd.GradientTape() as tape:
        value = losses.get(loss)(y, model(x))
    tape_grads = [g.numpy() for g in tape.gradient(value, model.trainable_variables)]
    history = model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    assert history.history["loss"][0] == pytest.approx(float(value), rel=1e-13)
    for w0, w1, g in zip(before, model.get_weights(), tape_grads):
        np.testing.assert_allclose(w0 - w1, g, rtol=1e-10, atol=1e-14)  # SGD lr 1: w -= g


def test_custom_loss_function_trains_through_the_tape():
    x, y = datasets.noisy_line(n=30)

    def my_mse(y_true, y_pred):
        return gd.reduce_mean(gd.square(y_true - y_pred))
    results = []
    for loss in (my_mse, "mse"):
        model = linear_model(lr=1e-5)
        model.compile(optimizers.SGD(1e-5), loss)
        history = model.fit(x, y, epochs=3, batch_size=7, seed=4, verbose=0)
        results.append((history.history["loss"], model.get_weights()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-12)
    for a, b in zip(results[0][1], results[1][1]):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_call_works_under_a_tape_for_custom_loops():
    x, y = datasets.noisy_line(n=10)
    model = linear_model()
    opt = optimizers.SGD(1e-5)
    for _ in range(2):
        with gd.GradientTape() as tape:
            loss = losses.MeanSquaredError()(y, model(x))
        opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables),
                                model.trainable_variables))
    assert opt.iterations == 2


# ---- divergence -----------------------------------------------------------------------------

def test_divergence_stops_with_a_message_and_finite_weights(capsys):
    x, y = datasets.article001()
    model = linear_model(lr=0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        history = model.fit(x, y, epochs=100, verbose=2)
    out = capsys.readouterr().out
    assert "smaller learning rate or scale the inputs" in model.stop_reason
    assert "nan" not in out.lower()
    assert out.strip().splitlines()[-1] == model.stop_reason
    assert history.diverged and history.stop_reason == model.stop_reason
    assert "epoch" in model.stop_reason and "loss" in model.stop_reason
    assert len(history.history["loss"]) < 100
    assert all(np.isfinite(w).all() for w in model.get_weights())
    assert np.isfinite(model.predict(x[:3])).all()


def test_divergence_says_one_plain_line_even_with_verbose_0(capsys):
    x, y = datasets.article001()
    model = linear_model(optimizer=optimizers.Adam(learning_rate=1e300))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(x, y, epochs=50, batch_size=8, verbose=0)
    assert capsys.readouterr().out == model.stop_reason + "\n"
    assert caught == []
    assert history.diverged
    assert all(np.isfinite(w).all() for w in model.get_weights())


def test_article000_learning_rate_is_too_big():
    x, y, _, _ = datasets.article000()
    model = Sequential([Dense(1, input_shape=[4], kernel_initializer="zeros")])
    model.compile(optimizers.SGD(0.1), "mse")
    assert model.fit(x, y, epochs=100, batch_size=4, verbose=0).diverged
    model = Sequential([Dense(1, input_shape=[4], kernel_initializer="zeros")])
    model.compile(optimizers.SGD(0.01), "mse")
    assert not model.fit(x, y, epochs=100, batch_size=4, verbose=0).diverged


# ---- output ---------------------------------------------------------------------------------

def test_verbose_2_prints_one_line_per_epoch(capsys):
    x, y = np.arange(4.0), np.arange(4.0)
    model = linear_model(lr=0.01)
    history = model.fit(x, y, epochs=3, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"Epoch {i + 1}/3 - loss: {loss:.4e}"
                     for i, loss in enumerate(history.history["loss"])]
    assert lines[0].startswith("Epoch 1/3 - loss: ") and "e+" in lines[0] or "e-" in lines[0]


def test_verbose_0_prints_nothing_and_verbose_1_a_text_bar(capsys):
    x = np.arange(4.0)
    linear_model().fit(x, x, epochs=3, verbose=0)
    assert capsys.readouterr().out == ""
    linear_model().fit(x, x, epochs=3, verbose=1)
    out = capsys.readouterr().out
    assert "Epoch 3/3 - loss:" in out and out.endswith("\n")


def test_summary(capsys):
    model = Sequential([Dense(4, input_shape=[3], activation="relu"), Dense(1)])
    model.summary()
    out = capsys.readouterr().out
    assert "dense (Dense)" in out and "dense_1 (Dense)" in out
    assert "(None, 4)" in out and "16" in out and "5" in out and "Total params: 21" in out
    Sequential([Dense(2)]).summary()
    assert "Total params: ?" in capsys.readouterr().out


# ---- predict, evaluate, weights ------------------------------------------------------------------

def test_predict_evaluate_and_one_dimensional_inputs():
    model = Sequential([Dense(1, input_shape=[1], kernel_initializer=2.0, bias_initializer=1.0)])
    model.compile("sgd", "mse")
    assert model.predict([1.0, 2.0]).tolist() == [[3.0], [5.0]]
    assert model.predict(np.arange(5.0), batch_size=2).shape == (5, 1)
    assert model.evaluate([1.0, 2.0], [3.0, 7.0]) == pytest.approx(2.0)
    assert isinstance(model.evaluate([1.0], [3.0]), float)


def test_weights_round_trip():
    model = Sequential([Dense(2, input_shape=[3]), Dense(1)])
    weights = model.get_weights()
    assert [w.shape for w in weights] == [(3, 2), (2,), (2, 1), (1,)]
    assert [v.name for v in model.trainable_variables] == [
        "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"]
    model.set_weights([np.zeros_like(w) for w in weights])
    assert all((w == 0).all() for w in model.get_weights())
    with pytest.raises(ValueError, match="4 arrays"):
        model.set_weights(weights[:2])


def test_compile_by_name():
    model = Sequential([Dense(1, input_shape=[1])])
    model.compile(optimizer="adam", loss="mean_absolute_error")
    assert isinstance(model.optimizer, optimizers.Adam)
    assert isinstance(model.loss, losses.MeanAbsoluteError)


# ---- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("x, y, error, match", [
    (np.arange(5.0), np.arange(4.0), ValueError, "same length"),
    (np.ones((2, 2, 2)), np.ones(2), ValueError, "x must have"),
    (np.array([1.0, np.nan]), np.ones(2), ValueError, "x must contain only finite"),
    (np.ones(2), np.array([1.0, np.inf]), ValueError, "y must contain only finite"),
    (np.ones(2), np.ones((2, 2)), ValueError, "y has 2 value"),
    (np.ones((2, 3)), np.ones(2), ValueError, "x has 3 feature"),
    ("abc", np.ones(2), TypeError, "x must be"),
])
def test_fit_bad_data(x, y, error, match):
    with pytest.raises(error, match=match):
        linear_model().fit(x, y, verbose=0)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"batch_size": 2.5}, TypeError, "batch_size"),
    ({"epochs": 0}, ValueError, "epochs"),
    ({"verbose": 3}, ValueError, "verbose"),
    ({"validation_data": np.ones(3)}, TypeError, "validation_data"),
    ({"validation_data": (np.ones(3), np.ones(2))}, ValueError,
     r"validation_data\[0\] has 3 samples but validation_data\[1\] has 2"),
    ({"callbacks": [print]}, TypeError, "callbacks"),
    ({"callbacks": True}, TypeError, "callbacks must be a list"),
    ({"verbose": np.array([])}, ValueError, "verbose"),
    ({"live_plot": "abc"}, TypeError, "live_plot"),
])
def test_fit_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        linear_model().fit(np.ones(4), np.ones(4), **{"verbose": 0, **kwargs})


def test_fit_before_compile():
    model = Sequential([Dense(1, input_shape=[1])])
    with pytest.raises(ValueError, match="compile"):
        model.fit(np.ones(3), np.ones(3))
    with pytest.raises(NotCompiledError):
        model.evaluate(np.ones(3), np.ones(3))
    model.compile("sgd")
    with pytest.raises(ValueError, match="a loss"):
        model.fit(np.ones(3), np.ones(3))


def test_unknown_names_at_compile():
    model = Sequential([Dense(1, input_shape=[1])])
    with pytest.raises(ValueError, match="unknown loss"):
        model.compile("sgd", "cross_entropy")
    with pytest.raises(ValueError, match="unknown optimizer"):
        model.compile("nesterov", "mse")


def test_wrong_width_in_predict_and_empty_model():
    model = Sequential([Dense(1, input_shape=[4])])
    with pytest.raises(ValueError, match=r"expects 4.*\[\[\.\.\.\]\]"):
        model.predict([5.0, 6.0, 7.0, 8.0])
    with pytest.raises(ValueError, match="no layers"):
        Sequential().predict([1.0])
    with pytest.raises(TypeError, match="Dense"):
        Sequential().add(Dense)


def test_non_finite_weights_are_put_back():
    # lr * gradient overflows to infinity in the first step; the next loss is NaN.
    x, y = datasets.article001()
    model = linear_model(optimizer=optimizers.SGD(learning_rate=1e300))
    start = model.get_weights()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        history = model.fit(x, y, epochs=5, verbose=0)
    assert "epoch 1/5: the loss became" in history.stop_reason
    assert history.diverged and history.history == {} and history.epoch == []
    for a, b in zip(model.get_weights(), start):
        np.testing.assert_array_equal(a, b)
