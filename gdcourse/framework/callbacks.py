"""Callbacks: code that ``fit`` runs at fixed moments of training.

Same names and signatures as ``keras.callbacks``::

    on_train_begin(logs)            on_train_end(logs)
    on_epoch_begin(epoch, logs)     on_epoch_end(epoch, logs)
    on_batch_begin(batch, logs)     on_batch_end(batch, logs)

``epoch`` and ``batch`` count from 0. ``logs`` is a dict: at the end of an
epoch it holds ``loss`` (and ``val_loss``, metrics); at the end of a batch it
holds ``loss``, the loss of *that* batch before the update, and ``size``, the
number of samples in it. (Keras puts the running mean of the epoch so far in
``logs['loss']`` at batch end; gdcourse gives the batch's own loss, which is
what a "loss over iterations" plot needs.)

A callback can stop training by setting ``self.model.stop_training = True``.
"""
import math

import numpy as np

from gdcourse.framework import tensor as T
from gdcourse import validate


class Callback:
    """Base class: override the methods you need; the others do nothing."""

    def __init__(self):
        self.model = None

    def set_model(self, model):
        self.model = model

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_batch_begin(self, batch, logs=None):
        pass

    def on_batch_end(self, batch, logs=None):
        pass

    # Keras spells the batch hooks of fit() both ways; these call the short ones.
    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs)


def overrides(callback, *names):
    """True if ``callback`` defines any of the hooks ``names`` itself.

    ``fit`` uses this to skip calling hooks that would do nothing, so a run
    without batch callbacks makes no Python calls per batch.
    """
    for name in names:
        if getattr(type(callback), name, None) is not getattr(Callback, name):
            return True
        if name in getattr(callback, "__dict__", {}):
            return True
    return False


class LambdaCallback(Callback):
    """A callback made of plain functions, for one-off jobs::

        print_loss = LambdaCallback(
            on_epoch_end=lambda epoch, logs: print(epoch, logs["loss"]))
        model.fit(x, y, epochs=5, callbacks=[print_loss], verbose=0)

    Signatures: ``on_epoch_begin(epoch, logs)``, ``on_epoch_end(epoch, logs)``,
    ``on_batch_begin(batch, logs)``, ``on_batch_end(batch, logs)``,
    ``on_train_begin(logs)``, ``on_train_end(logs)``.
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None,
                 on_batch_end=None, on_train_begin=None, on_train_end=None):
        super().__init__()
        hooks = {
            "on_epoch_begin": on_epoch_begin, "on_epoch_end": on_epoch_end,
            "on_batch_begin": on_batch_begin, "on_batch_end": on_batch_end,
            "on_train_begin": on_train_begin, "on_train_end": on_train_end,
        }
        for name, fn in hooks.items():
            if fn is None:
                continue
            if not callable(fn):
                raise TypeError(f"{name} must be a function, got {type(fn).__name__}")
            # Stored on the instance, so it replaces the do-nothing method.
            setattr(self, name, fn)


class History(Callback):
    """Records the epoch logs; ``fit`` returns it.

    - ``history.history``: dict name -> list, one entry per epoch,
      e.g. ``history.history['loss']``
    - ``history.epoch``: the epoch numbers, ``[0, 1, 2, ...]``
    - ``history.diverged``: True if training stopped because the loss
      became infinite or NaN
    - ``history.stop_reason``: why training stopped early (a sentence), or None
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []
        self.diverged = False
        self.stop_reason = None

    def on_train_begin(self, logs=None):
        self.epoch = []
        self.history = {}
        self.diverged = False
        self.stop_reason = None

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)

    def __repr__(self):
        return f"<History: {len(self.epoch)} epochs, keys {sorted(self.history)}>"


class EarlyStopping(Callback):
    """Stop when the monitored number has not improved for ``patience`` epochs in a row.

    "Improved" means it went down by more than ``min_delta`` (for a
    ``monitor`` whose name contains 'acc', up). With
    ``restore_best_weights=True`` the model gets back the weights of its best
    epoch when this callback stops training. ``patience=0`` stops at the
    first epoch that brings no improvement.

    Attributes after training: ``stopped_epoch`` (0 if it never stopped),
    ``best``, ``best_epoch``.
    """

    def __init__(self, monitor="val_loss", patience=0, min_delta=0, restore_best_weights=False,
                 mode="auto", verbose=0):
        super().__init__()
        if not isinstance(monitor, str):
            raise TypeError(f"monitor must be a name such as 'val_loss', got {monitor!r}")
        self.monitor = monitor
        self.patience = validate.integer("patience", patience, minimum=0)
        self.min_delta = abs(validate.number("min_delta", min_delta))
        self.restore_best_weights = bool(restore_best_weights)
        if not isinstance(mode, str) or mode not in ("auto", "min", "max"):
            raise ValueError(f"mode must be 'auto', 'min' or 'max', got {mode!r}")
        if mode == "auto":
            mode = "max" if "acc" in monitor else "min"
        self.mode = mode
        self.verbose = verbose

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = math.inf if self.mode == "min" else -math.inf
        self.best_epoch = 0
        self.best_weights = None

    def _improved(self, value):
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.monitor not in logs:
            raise ValueError(
                f"EarlyStopping is watching {self.monitor!r}, but fit only reports "
                f"{sorted(logs)}. Pass validation_data to fit, or use monitor='loss'."
            )
        value = logs[self.monitor]
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
        self.wait += 1
        if self._improved(value):
            self.best = value
            self.best_epoch = epoch
            self.wait = 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            return
        # Keras' rule: stop once `patience` epochs in a row brought no improvement.
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.restore_best_weights and self.best_weights is not None:
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")


class TerminateOnNaN(Callback):
    """Stop training as soon as a batch loss is NaN or infinite.

    ``fit`` already does this for every run (and restores finite weights);
    this class exists so Keras code that lists it keeps working.
    """

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(loss):
            self.model.stop_training = True


class WeightRecorder(Callback):
    """Record every variable and the loss after every training step (batch).

    For "weight, bias and loss over iterations" plots::

        recorder = WeightRecorder()
        model.fit(x, y, epochs=50, callbacks=[recorder], verbose=0)
        recorder.losses                  # shape (steps,)
        recorder.weights["dense/kernel"] # shape (steps, 1, 1)
        recorder.weights["dense/bias"]   # shape (steps, 1)

    Entry ``i`` holds the variables *after* update ``i`` and the loss that
    update was computed from. ``recorder.initial`` holds the values before
    the first step. In a hand-written loop call
    ``recorder.record(loss, variables)`` after each step instead.
    """

    def __init__(self):
        super().__init__()
        self._values = {}
        self._losses = []
        self.initial = {}

    def _names(self, variables):
        names = []
        for i, v in enumerate(variables):
            name = getattr(v, "name", None) or f"variable_{i}"
            while name in names:
                name += "_"
            names.append(name)
        return names

    def on_train_begin(self, logs=None):
        if not self._losses:
            self.initial = {
                n: np.array(v, dtype=np.float64)
                for n, v in zip(self._names(self.model.trainable_variables),
                                self.model.trainable_variables)
            }

    def on_batch_end(self, batch, logs=None):
        self.record((logs or {}).get("loss", math.nan), self.model.trainable_variables)

    def record(self, loss, variables):
        """Append one step: ``loss`` (a number) and the current ``variables`` (a list)."""
        if isinstance(loss, T.Tensor):
            loss = loss.numpy()
        loss = validate.number("loss", loss, finite=False)  # inf is honest: a diverged step
        if math.isnan(loss):
            raise ValueError("loss is NaN (not a number): the steps diverged; try a smaller "
                             "learning rate")
        if isinstance(variables, T.Tensor):
            variables = [variables]
        if not isinstance(variables, (list, tuple)):
            raise TypeError(f"variables must be a list of Variables (or arrays), e.g. [w, b], "
                            f"got {type(variables).__name__}")
        # Copies: a plain numpy array may be edited in place by the next step.
        values = [validate.array(f"variables[{i}]", v).copy() for i, v in enumerate(variables)]
        for name, value in zip(self._names(variables), values):
            self._values.setdefault(name, []).append(value)
        self._losses.append(loss)

    @property
    def weights(self):
        """dict variable name -> array of shape (steps, *variable shape)."""
        return {name: np.stack(vals) for name, vals in self._values.items()}

    @property
    def losses(self):
        """array of shape (steps,): the loss of each step."""
        return np.array(self._losses)

    @property
    def steps(self):
        """array ``[0, 1, ..., steps - 1]``, handy as the x axis of plots."""
        return np.arange(len(self._losses))


class LivePlot(Callback):
    """Redraw a loss curve every ``every`` epochs while ``fit`` runs.

    Works in Jupyter (the figure lives in an ipywidgets ``Output`` area and is
    replaced in place); outside a notebook it does nothing. ``fit(...,
    live_plot=True)`` adds one for you. ``logy=True`` uses a log scale.
    """

    def __init__(self, every=10, logy=False, figsize=(6, 3.5)):
        super().__init__()
        self.every = validate.integer("every", every, minimum=1)
        self.logy = bool(logy)
        self.figsize = figsize
        self._out = None

    def on_train_begin(self, logs=None):
        from gdcourse.framework.progress import in_notebook
        self._logs = {}
        self._out = None
        if not in_notebook():
            return
        import ipywidgets
        from IPython.display import display
        self._out = ipywidgets.Output()
        display(self._out)

    def on_epoch_end(self, epoch, logs=None):
        for name, value in (logs or {}).items():
            self._logs.setdefault(name, []).append(value)
        if self._out is not None and (epoch + 1) % self.every == 0:
            self._draw()

    def on_train_end(self, logs=None):
        if self._out is not None:
            self._draw()

    def _draw(self):
        import matplotlib.pyplot as plt
        from IPython.display import display
        fig, ax = plt.subplots(figsize=self.figsize)
        for name in ("loss", "val_loss"):
            if name in self._logs:
                values = self._logs[name]
                ax.plot(np.arange(1, len(values) + 1), values, label=name)
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        if self.logy:
            ax.set_yscale("log")
        ax.legend()
        with self._out:
            self._out.clear_output(wait=True)
            display(fig)
        plt.close(fig)
