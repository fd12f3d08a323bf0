"""``Sequential``: layers one after the other, with Keras's ``compile`` / ``fit`` / ``predict``.

Each epoch ``fit`` shuffles the samples (``seed``, or ``tf.random.set_seed``), cuts them into
batches of ``batch_size`` (the last may be smaller) and takes one GradientTape step per batch;
the epoch's loss is the mean loss per sample, as in Keras. If the loss becomes infinite or NaN,
or explodes to ``EXPLOSION_FACTOR`` times its first epoch's, training stops with one plain
line and the weights go back to where that epoch started.
"""
import math

import numpy as np

from gdcourse import validate
from gdcourse.framework import losses, optimizers, seeding
from gdcourse.framework import tensor as T
from gdcourse.framework.callbacks import Callback, History
from gdcourse.framework.layers import Dense, inputs
from gdcourse.locale import _

__all__ = ["Sequential", "NotCompiledError"]

EXPLOSION_FACTOR = 1e10


class NotCompiledError(RuntimeError, ValueError):
    """``fit`` was called before ``compile``."""


class Sequential:
    """Layers applied one after the other (Keras's ``Sequential``)."""

    def __init__(self, layers=None):
        layers = [] if layers is None else layers
        if not isinstance(layers, (list, tuple)) or not all(isinstance(la, Dense) for la in layers):
            raise TypeError(_("layers must be a list of layers, e.g. [Dense(1, input_shape=[1])], got {layers!r:.60}",
                              layers=layers))
        self.layers = list(layers)
        self.optimizer = self.loss = None
        self.stop_training = False

    @property
    def trainable_variables(self):
        return [v for layer in self.layers for v in layer.trainable_variables]

    def get_weights(self):
        return [v.numpy() for v in self.trainable_variables]

    def set_weights(self, weights):
        for v, w in zip(self.trainable_variables, weights, strict=True):
            v.assign(w)

    def __call__(self, x):
        """The model's output as a Tensor (a GradientTape can record it)."""
        if not self.layers:
            raise ValueError(_("this model has no layers: give it some, e.g. Sequential([Dense(1)])"))
        for layer in self.layers:
            x = layer(x)
        return x

    def predict(self, x, verbose=0):
        """Predictions for ``x``, a numpy array of shape (samples, outputs)."""
        return self(x).numpy()

    def compile(self, optimizer="rmsprop", loss=None):
        """Choose the optimizer (``'sgd'``, ``'adam'``, ... or an object) and the loss (``'mse'``...)."""
        self.optimizer = optimizers.get(optimizer)
        self.loss = None if loss is None else losses.get(loss)

    def train_step(self, x, y):
        """One step on the batch ``(x, y)`` (Tensors) through a GradientTape; returns the loss."""
        variables = self.trainable_variables
        with T.GradientTape() as tape:
            loss = self.loss(y, self(x))
            if not isinstance(loss, T.Tensor):
                raise TypeError(_("the loss must be computed with gdcourse operations, so that a GradientTape can "
                                  "follow it; it returned {loss!r:.60}", loss=loss))
            loss = T.reduce_mean(loss) if loss.ndim else loss  # a function gives one per sample
        value = float(loss)
        if not math.isfinite(value):  # diverged: no step from an infinite loss
            return value
        grads = tape.gradient(loss, variables)
        try:
            self.optimizer.apply_gradients(zip(grads, variables))
        except ValueError:  # the step gave NaN weights: it diverged, if anything was infinite
            if all(np.isfinite(np.asarray(t)).all() for t in grads + variables if t is not None):
                raise
            return math.nan
        return value

    def fit(self, x, y, epochs=1, batch_size=32, verbose="auto", callbacks=None, shuffle=True,
            seed=None):
        """Train; returns a ``History``. ``verbose=0`` prints nothing, otherwise a line per epoch."""
        if self.optimizer is None or self.loss is None:
            missing = _("an optimizer and a loss") if self.optimizer is None else _("a loss")
            raise NotCompiledError(_("call model.compile(...) with {missing} before fit, e.g. "
                                     "model.compile(optimizer='sgd', loss='mse')", missing=missing))
        x, y = inputs("x", x), inputs("y", y)
        if len(x) != len(y):
            raise ValueError(_("x has {x} samples but y has {y}: they must have the same length (one target per "
                               "input row)", x=len(x), y=len(y)))
        epochs = validate.integer("epochs", epochs, minimum=1)
        verbose = 1 if isinstance(verbose, str) and verbose == "auto" else validate.integer(
            "verbose", verbose, minimum=0)
        batch_size = validate.integer("batch_size", batch_size, minimum=1)
        if not isinstance(callbacks, (list, tuple, type(None))) or not all(
                isinstance(cb, Callback) for cb in callbacks or []):
            raise TypeError(_("callbacks must be a list of callbacks such as LambdaCallback(...), got "
                              "{callbacks!r:.60}", callbacks=callbacks))
        callbacks = [History(), *(callbacks or [])]
        _each(callbacks, "set_model", self)
        self(x[:1])  # makes the weights, or says x has the wrong width
        rng = seeding.rng(seed) if shuffle else None
        first, logs = None, {}
        self.stop_training = False
        _each(callbacks, "on_train_begin", {})
        with T.quiet():  # numpy's warnings off for the whole run: divergence is caught below
            for epoch in range(epochs):
                _each(callbacks, "on_epoch_begin", epoch, {})
                order = np.arange(len(x)) if rng is None else rng.permutation(len(x))
                start_weights = self.get_weights()
                loss, reason = self._epoch(x[order], y[order], batch_size, callbacks[1:])
                if reason is None:
                    logs = {"loss": loss}
                    _each(callbacks, "on_epoch_end", epoch, logs)
                    if verbose:
                        print(f"Epoch {epoch + 1}/{epochs} - loss: {loss:.4e}")
                    first = loss if first is None else first
                    if loss > EXPLOSION_FACTOR * max(first, 1.0):
                        reason = _("the loss exploded to {loss:.4e} (it was {first:.4e} in epoch 1)", loss=loss,
                                   first=first)
                if reason is not None:
                    self.set_weights(start_weights)
                    print(_("Training diverged in epoch {epoch}/{epochs}: {reason}. The steps are too big: try a "
                            "smaller learning rate or scale the inputs.", epoch=epoch + 1, epochs=epochs,
                            reason=reason))
                    break
                if self.stop_training:
                    break
        _each(callbacks, "on_train_end", logs)
        return callbacks[0]  # the History

    def _epoch(self, xs, ys, batch_size, callbacks):  # callbacks: not the History (no batch hooks)
        """One pass over the batches: (mean loss per sample, None), or (None, why it diverged)."""
        total, seen, last = 0.0, 0, math.nan
        for batch, start in enumerate(range(0, len(xs), batch_size)):
            for cb in callbacks:
                cb.on_batch_begin(batch, {})
            xb = T._result(xs[start:start + batch_size])  # checked in fit: a plain constant
            loss = self.train_step(xb, T._result(ys[start:start + batch_size]))
            if not math.isfinite(loss):
                return None, (_("the loss became {loss}", loss=loss) if math.isnan(last) else
                              _("the loss became {loss} (one step earlier it was {last:.4e})", loss=loss, last=last))
            last, total, seen = loss, total + loss * len(xb), seen + len(xb)
            for cb in callbacks:
                cb.on_batch_end(batch, {"loss": loss})
            if self.stop_training:
                break
        return total / seen, None


def _each(callbacks, hook, *args):
    for cb in callbacks:
        getattr(cb, hook)(*args)
