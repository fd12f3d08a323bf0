"""Sequential: compile, fit (through the GradientTape), predict, and what happens when things go wrong."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdcourse as gd
from gdcourse.course import datasets
from gdcourse.framework import callbacks, losses, optimizers
from gdcourse.framework.layers import Dense
from gdcourse.framework.models import NotCompiledError, Sequential

DIVERGED = "The steps are too big: try a smaller learning rate or scale the inputs."


def linear_model(inputs=1, lr=0.01, optimizer=None, seed=0):
    model = Sequential([Dense(1, input_shape=[inputs], seed=seed)])
    model.compile(optimizer=optimizer or optimizers.SGD(lr), loss="mse")
    return model


def batches(model, x, y, **fit_kw):
    """(batch number, batch size, batch loss) of every step ``fit`` takes."""
    seen = []
    original = model.train_step

    def spy(xb, yb):
        loss = original(xb, yb)
        seen.append((len(xb), np.asarray(xb).ravel().tolist(), loss))
        return loss
    model.train_step = spy
    numbers = []
    model.fit(x, y, verbose=0, callbacks=[callbacks.LambdaCallback(
        on_batch_end=lambda batch, logs: numbers.append(batch))], **fit_kw)
    return [(b, size, xs, loss) for b, (size, xs, loss) in zip(numbers, seen)]


# ---- epochs and batches ---------------------------------------------------------------

def test_last_partial_batch_is_used():
    x = np.arange(10.0)
    steps = batches(linear_model(), x, 2 * x, epochs=3, batch_size=4)
    assert [(b, size) for b, size, _, _ in steps] == [(0, 4), (1, 4), (2, 2)] * 3


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 40), batch_size=st.integers(1, 50), epochs=st.integers(1, 3))
def test_batches_cover_the_data_every_epoch(n, batch_size, epochs):
    x = np.linspace(0, 1, n)
    steps = batches(linear_model(), x, x, epochs=epochs, batch_size=batch_size, seed=0)
    per_epoch = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    assert [size for _, size, _, _ in steps] == per_epoch * epochs
    assert [b for b, _, _, _ in steps] == list(range(len(per_epoch))) * epochs


def test_shuffle_visits_every_sample_once_per_epoch():
    x = np.arange(12.0)
    seen = [v for _, _, xs, _ in batches(linear_model(lr=1e-9), x, x, epochs=2, batch_size=5,
                                         seed=0) for v in xs]
    assert sorted(seen[:12]) == sorted(seen[12:]) == x.tolist()
    assert seen[:12] != x.tolist() and seen[:12] != seen[12:]


def test_history_has_one_loss_per_epoch_the_mean_loss_per_sample():
    x, y = np.arange(10.0), 3 * np.arange(10.0) + 1
    model = linear_model(lr=0.001)
    steps = batches(model, x, y, epochs=2, batch_size=4, shuffle=False)
    history = model.fit(x, y, epochs=7, batch_size=4, verbose=0)
    assert len(history.history["loss"]) == 7 and history.epoch == list(range(7))
    assert set(history.history) == {"loss"} and isinstance(history, callbacks.History)
    sizes = np.array([4, 4, 2])
    for epoch in range(2):
        losses_ = np.array([loss for _, _, _, loss in steps[3 * epoch:3 * epoch + 3]])
        model_history = np.sum(losses_ * sizes) / 10
        assert model_history > 0
    refit = linear_model(lr=0.001)
    first = refit.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0).history["loss"]
    for epoch in range(2):
        losses_ = np.array([loss for _, _, _, loss in steps[3 * epoch:3 * epoch + 3]])
        assert first[epoch] == pytest.approx(np.sum(losses_ * sizes) / 10, rel=1e-12)


def test_a_callback_can_stop_training():
    x = np.arange(4.0)
    model = linear_model()

    def stop(epoch, logs):
        model.stop_training = epoch == 2
    history = model.fit(x, x, epochs=10, verbose=0,
                        callbacks=[callbacks.LambdaCallback(on_epoch_end=stop)])
    assert history.epoch == [0, 1, 2]


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


def test_one_step_of_fit_is_the_hand_written_gradient_step():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(8, 3)), rng.normal(size=(8, 1))
    model = Sequential([Dense(1, input_shape=[3], seed=1)])
    model.compile(optimizers.SGD(learning_rate=0.5), "mse")
    (w, b) = model.get_weights()
    r = x @ w + b - y
    history = model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    assert history.history["loss"][0] == pytest.approx(np.mean(r**2), rel=1e-13)
    w1, b1 = model.get_weights()
    np.testing.assert_allclose(w1, w - 0.5 * 2 / 8 * x.T @ r, rtol=1e-12)
    np.testing.assert_allclose(b1, b - 0.5 * 2 / 8 * r.sum(axis=0), rtol=1e-12)


def test_two_layers_with_relu_train():
    x = np.linspace(-1, 1, 40).reshape(-1, 1)
    model = Sequential([Dense(8, activation="relu", input_shape=[1], seed=0), Dense(1, seed=1)])
    model.compile(optimizers.Adam(0.05), "mse")
    history = model.fit(x, np.abs(x), epochs=100, batch_size=40, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0] / 10


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
            loss = gd.reduce_mean(losses.mean_squared_error(y, model(x)))
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
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("Training diverged in epoch ") and lines[-1].endswith(DIVERGED)
    assert "the loss exploded" in lines[-1] and "nan" not in "".join(lines).lower()
    assert len(history.history["loss"]) < 100
    assert all(np.isfinite(w).all() for w in model.get_weights())
    assert np.isfinite(model.predict(x[:3])).all()


@pytest.mark.parametrize("optimizer", [optimizers.Adam(learning_rate=1e300),
                                       optimizers.SGD(learning_rate=1e300)])
def test_overflow_says_one_plain_line_and_puts_finite_weights_back(capsys, optimizer):
    x, y = datasets.article001()
    model = linear_model(optimizer=optimizer)
    start = model.get_weights()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(x, y, epochs=5, batch_size=8, verbose=0)
    out = capsys.readouterr().out
    assert out.startswith("Training diverged in epoch 1/5: the loss became ")
    assert out.count("\n") == 1 and out.strip().endswith(DIVERGED) and caught == []
    assert history.history == {} and history.epoch == []
    for a, b in zip(model.get_weights(), start):
        np.testing.assert_array_equal(a, b)


def test_article000_learning_rate_is_too_big(capsys):
    x, y, _, _ = datasets.article000()
    for lr, diverges in ((0.1, True), (0.01, False)):
        model = Sequential([Dense(1, input_shape=[4])])
        model.set_weights([np.zeros((4, 1)), np.zeros(1)])
        model.compile(optimizers.SGD(lr), "mse")
        model.fit(x, y, epochs=100, batch_size=4, verbose=0)
        assert ("Training diverged" in capsys.readouterr().out) == diverges


# ---- output, predict, weights ----------------------------------------------------------------

def test_verbose_prints_one_line_per_epoch_and_0_nothing(capsys):
    x = np.arange(4.0)
    history = linear_model().fit(x, x, epochs=3, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"Epoch {i + 1}/3 - loss: {loss:.4e}"
                     for i, loss in enumerate(history.history["loss"])]
    linear_model().fit(x, x, epochs=3, verbose=0)
    assert capsys.readouterr().out == ""


def test_predict_and_one_dimensional_inputs():
    model = Sequential([Dense(1, input_shape=[1])])
    model.set_weights([np.array([[2.0]]), np.array([1.0])])
    assert model.predict([1.0, 2.0]).tolist() == [[3.0], [5.0]]
    assert model.predict(gd.constant([[1.0]])).tolist() == [[3.0]]


def test_weights_round_trip():
    model = Sequential([Dense(2, input_shape=[3]), Dense(1)])
    model.predict(np.ones((1, 3)))  # builds the second layer
    weights = model.get_weights()
    assert [w.shape for w in weights] == [(3, 2), (2,), (2, 1), (1,)]
    model.set_weights([np.zeros_like(w) for w in weights])
    assert all((w == 0).all() for w in model.get_weights())
    with pytest.raises(ValueError):
        model.set_weights(weights[:2])


def test_compile_by_name():
    model = Sequential([Dense(1, input_shape=[1])])
    model.compile(optimizer="adam", loss="mse")
    assert isinstance(model.optimizer, optimizers.Adam)


# ---- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("x, y, error, match", [
    (np.arange(5.0), np.arange(4.0), ValueError, "same length"),
    (np.ones((2, 2, 2)), np.ones(2), ValueError, "x must have"),
    (np.array([1.0, np.nan]), np.ones(2), ValueError, "x must contain only finite"),
    (np.ones(2), np.array([1.0, np.inf]), ValueError, "y must contain only finite"),
    (np.ones((2, 3)), np.ones(2), ValueError, "expects inputs with 1 feature"),
    ("abc", np.ones(2), TypeError, "x must be"),
])
def test_fit_bad_data(x, y, error, match):
    with pytest.raises(error, match=match):
        linear_model().fit(x, y, verbose=0)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"batch_size": 2.5}, TypeError, "batch_size"),
    ({"epochs": 0}, ValueError, "epochs"),
    ({"callbacks": [print]}, TypeError, "callbacks"),
])
def test_fit_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        linear_model().fit(np.ones(4), np.ones(4), **{"verbose": 0, **kwargs})


def test_fit_before_compile():
    model = Sequential([Dense(1, input_shape=[1])])
    with pytest.raises(NotCompiledError, match="with an optimizer and a loss before fit"):
        model.fit(np.ones(3), np.ones(3))
    model.compile("sgd")
    with pytest.raises(ValueError, match="a loss"):
        model.fit(np.ones(3), np.ones(3))


def test_unknown_names_at_compile():
    model = Sequential([Dense(1, input_shape=[1])])
    with pytest.raises(ValueError, match="'sgd', 'adagrad'"):
        model.compile("nesterov", "mse")


def test_wrong_width_in_predict_and_empty_model():
    model = Sequential([Dense(1, input_shape=[4])])
    with pytest.raises(ValueError, match=r"expects inputs with 4.*\[\[\.\.\.\]\]"):
        model.predict([5.0, 6.0, 7.0, 8.0])
    with pytest.raises(ValueError, match="no layers"):
        Sequential().predict([1.0])
    with pytest.raises(TypeError, match="list of layers"):
        Sequential(Dense(1))
