"""Callbacks: hooks, History, EarlyStopping, TerminateOnNaN, WeightRecorder, LivePlot."""
import numpy as np
import pytest

import gdcourse as gd
from gdcourse.framework import callbacks, optimizers
from gdcourse.course import datasets
from gdcourse.framework.layers import Dense


def small_model(lr=1e-5):
    model = gd.Sequential([Dense(1, input_shape=[1], seed=0)])
    model.compile(optimizers.SGD(lr), "mse")
    return model


def test_lambda_callback_calls_every_hook_with_keras_signatures():
    calls = []
    cb = callbacks.LambdaCallback(
        on_train_begin=lambda logs: calls.append("train_begin"),
        on_epoch_begin=lambda epoch, logs: calls.append(("epoch_begin", epoch)),
        on_batch_begin=lambda batch, logs: calls.append(("batch_begin", batch)),
        on_batch_end=lambda batch, logs: calls.append(("batch_end", batch, logs["size"])),
        on_epoch_end=lambda epoch, logs: calls.append(("epoch_end", epoch, sorted(logs))),
        on_train_end=lambda logs: calls.append("train_end"),
    )
    small_model().fit(np.arange(3.0), np.arange(3.0), epochs=2, batch_size=2, callbacks=[cb],
                      verbose=0)
    epoch = lambda e: [("epoch_begin", e), ("batch_begin", 0), ("batch_end", 0, 2),  # noqa: E731
                       ("batch_begin", 1), ("batch_end", 1, 1), ("epoch_end", e, ["loss"])]
    assert calls == ["train_begin"] + epoch(0) + epoch(1) + ["train_end"]


def test_lambda_callback_rejects_non_functions():
    with pytest.raises(TypeError, match="on_epoch_end"):
        callbacks.LambdaCallback(on_epoch_end=3)


def test_subclass_with_keras_long_hook_names():
    class Counter(callbacks.Callback):
        count = 0

        def on_train_batch_end(self, batch, logs=None):
            Counter.count += 1
    small_model().fit(np.arange(10.0), np.arange(10.0), epochs=2, batch_size=4,
                      callbacks=[Counter()], verbose=0)
    assert Counter.count == 6


def test_overrides_detects_only_real_hooks():
    assert not callbacks.overrides(callbacks.History(), "on_batch_end")
    assert callbacks.overrides(callbacks.History(), "on_epoch_end")
    assert callbacks.overrides(callbacks.LambdaCallback(on_batch_end=print), "on_batch_end")
    assert not callbacks.overrides(callbacks.LambdaCallback(on_epoch_end=print), "on_batch_end")


class FakeModel:
    def __init__(self):
        self.stop_training = False
        self.weights = [np.zeros(1)]

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [w.copy() for w in weights]


def run_early_stopping(losses, **kwargs):
    model = FakeModel()
    cb = callbacks.EarlyStopping(monitor="loss", **kwargs)
    cb.set_model(model)
    cb.on_train_begin()
    for epoch, loss in enumerate(losses):
        model.weights = [np.array([float(epoch)])]
        cb.on_epoch_end(epoch, {"loss": loss})
        if model.stop_training:
            break
    cb.on_train_end()
    return cb, model


@pytest.mark.parametrize("patience, stopped", [(0, 2), (1, 2), (2, 3), (3, 0)])
def test_early_stopping_patience_follows_keras(patience, stopped):
    cb, _ = run_early_stopping([5.0, 4.0, 4.5, 4.2, 3.0], patience=patience)
    assert cb.stopped_epoch == stopped


def test_early_stopping_min_delta_and_restore():
    cb, model = run_early_stopping([5.0, 4.0, 3.99, 3.98, 3.97], min_delta=0.1, patience=1,
                                   restore_best_weights=True)
    assert cb.stopped_epoch == 2 and cb.best == 4.0 and cb.best_epoch == 1
    assert model.weights[0].tolist() == [1.0]


def test_early_stopping_needs_the_monitored_value():
    cb = callbacks.EarlyStopping()  # val_loss
    cb.set_model(FakeModel())
    cb.on_train_begin()
    with pytest.raises(ValueError, match="validation_data"):
        cb.on_epoch_end(0, {"loss": 1.0})
    with pytest.raises(ValueError, match="patience"):
        callbacks.EarlyStopping(patience=-1)


def test_terminate_on_nan():
    model = FakeModel()
    cb = callbacks.TerminateOnNaN()
    cb.set_model(model)
    cb.on_batch_end(0, {"loss": 1.0})
    assert not model.stop_training
    cb.on_batch_end(1, {"loss": float("nan")})
    assert model.stop_training


def test_weight_recorder_records_every_step():
    x, y = datasets.noisy_line(n=10)
    model = small_model()
    initial = model.get_weights()
    recorder = callbacks.WeightRecorder()
    model.fit(x, y, epochs=3, batch_size=4, callbacks=[recorder], verbose=0)
    assert recorder.losses.shape == (9,) and recorder.steps.tolist() == list(range(9))
    assert recorder.weights["dense/kernel"].shape == (9, 1, 1)
    assert recorder.weights["dense/bias"].shape == (9, 1)
    np.testing.assert_array_equal(recorder.weights["dense/kernel"][-1], model.get_weights()[0])
    np.testing.assert_array_equal(recorder.initial["dense/kernel"], initial[0])
    assert np.isfinite(recorder.losses).all()


def test_weight_recorder_in_a_hand_written_loop():
    w = gd.Variable([1.0], name="weight")
    b = gd.Variable([0.0], name="bias")
    recorder = callbacks.WeightRecorder()
    opt = optimizers.SGD(0.1)
    for _ in range(4):
        loss = opt.minimize(lambda: gd.reduce_mean(gd.square(w * 2.0 + b - 1.0)), [w, b])
        recorder.record(loss, [w, b])
    assert recorder.weights["weight"].shape == (4, 1)
    assert recorder.losses[0] == pytest.approx(1.0)
    assert list(recorder.weights) == ["weight", "bias"]


def test_history_fields():
    history = callbacks.History()
    history.on_train_begin()
    history.on_epoch_end(0, {"loss": 2.0})
    history.on_epoch_end(1, {"loss": 1.0})
    assert history.history == {"loss": [2.0, 1.0]} and history.epoch == [0, 1]
    assert not history.diverged and history.stop_reason is None
    assert "2 epochs" in repr(history)


def test_live_plot_is_silent_outside_a_notebook(capsys):
    x, y = datasets.noisy_line(n=10)
    small_model().fit(x, y, epochs=4, callbacks=[callbacks.LivePlot(every=1)], verbose=0)
    small_model().fit(x, y, epochs=4, live_plot=True, verbose=0)
    assert capsys.readouterr().out == ""
    with pytest.raises(ValueError, match="every"):
        callbacks.LivePlot(every=0)
