"""Callbacks: Keras's hooks, LambdaCallback and History."""
import numpy as np
import pytest

import gdcourse as gd
from gdcourse.framework import callbacks, optimizers
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
        on_batch_end=lambda batch, logs: calls.append(("batch_end", batch, sorted(logs))),
        on_epoch_end=lambda epoch, logs: calls.append(("epoch_end", epoch, sorted(logs))),
        on_train_end=lambda logs: calls.append("train_end"),
    )
    small_model().fit(np.arange(3.0), np.arange(3.0), epochs=2, batch_size=2, callbacks=[cb],
                      verbose=0)
    epoch = lambda e: [("epoch_begin", e), ("batch_begin", 0), ("batch_end", 0, ["loss"]),  # noqa: E731
                       ("batch_begin", 1), ("batch_end", 1, ["loss"]), ("epoch_end", e, ["loss"])]
    assert calls == ["train_begin"] + epoch(0) + epoch(1) + ["train_end"]


def test_lambda_callback_rejects_non_functions():
    with pytest.raises(TypeError, match="on_epoch_end"):
        callbacks.LambdaCallback(on_epoch_end=3)


def test_a_subclass_sees_its_model_and_each_batch_loss():
    class Recorder(callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.losses, self.kernels = [], []

        def on_batch_end(self, batch, logs=None):
            self.losses.append(logs["loss"])
            self.kernels.append(self.model.get_weights()[0].item())
    recorder, model = Recorder(), small_model(lr=0.01)
    model.fit(np.arange(10.0), np.arange(10.0), epochs=2, batch_size=4, callbacks=[recorder],
              verbose=0)
    assert recorder.model is model and len(recorder.losses) == len(recorder.kernels) == 6
    assert recorder.kernels[-1] == model.get_weights()[0].item()


def test_history_fields():
    history = small_model().fit(np.arange(4.0), np.arange(4.0), epochs=3, verbose=0)
    assert history.epoch == [0, 1, 2]
    assert list(history.history) == ["loss"] and len(history.history["loss"]) == 3
    assert all(isinstance(v, float) for v in history.history["loss"])
