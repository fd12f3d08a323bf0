"""``Sequential``: a stack of layers with Keras' ``compile`` / ``fit`` / ``predict``.

::

    model = Sequential([Dense(1, input_shape=[1])])
    model.compile(optimizer=SGD(learning_rate=1e-4), loss="mse")
    history = model.fit(x, y, epochs=100, batch_size=len(x), verbose=0)
    history.history["loss"]    # one number per epoch
    model.predict([[10.0]])

What ``fit`` does, epoch after epoch:

1. shuffle the samples (``shuffle=True``, seeded: see ``gdcourse.set_seed``);
2. cut them into batches of ``batch_size`` (the last one may be smaller):
   ``batch_size=len(x)`` is batch gradient descent, ``1`` is stochastic
   gradient descent, anything between is mini-batch gradient descent;
3. for each batch: predict, compute the loss and its gradient, and let the
   optimizer take one step;
4. record the epoch's loss: the mean loss per sample over the epoch's
   batches (as Keras does).

If the loss becomes infinite or NaN -- or explodes, growing
``EXPLOSION_FACTOR`` times above its first epoch's value -- training stops
with one plain-language message, the weights are kept finite, and
``history.diverged`` is True.
"""
import math
import numbers

import numpy as np

from gdcourse.framework import callbacks as callbacks_module
from gdcourse.framework import losses as losses_module
from gdcourse.framework import optimizers as optimizers_module
from gdcourse import validate
from gdcourse.framework import seeding
from gdcourse.framework import tensor as T
from gdcourse.framework.optimizers.optimizer import set_value, value_of
from gdcourse.framework.progress import EpochProgress

__all__ = ["Sequential", "NotCompiledError"]


# A loss this many times bigger than in the first epoch (and above it in
# absolute terms) is exploding: training stops before it reaches infinity.
EXPLOSION_FACTOR = 1e10


class NotCompiledError(RuntimeError, ValueError):
    """``fit``/``evaluate`` was called before ``compile``."""


def _inputs(name, x):
    """``x`` as a float64 array of shape (samples, features); 1-D means one feature."""
    if isinstance(x, T.Tensor):
        x = x.numpy()
    x = validate.array(name, x, ndim=(1, 2))
    return x.reshape(-1, 1) if x.ndim == 1 else x


class Sequential:
    """Layers applied one after the other (Keras' ``Sequential``)."""

    def __init__(self, layers=None, name="sequential"):
        self.name = name
        self.layers = []
        self.optimizer = None
        self.loss = None
        self.metrics = []
        self.history = None
        self.stop_training = False
        self.stop_reason = None
        if layers is None:
            layers = []
        if not isinstance(layers, (list, tuple)):
            raise TypeError(f"layers must be a list of layers, e.g. [Dense(1, input_shape=[1])], "
                            f"got {type(layers).__name__}")
        for layer in layers:
            self.add(layer)

    # ---- building ------------------------------------------------------------
    def add(self, layer):
        """Put ``layer`` on top of the stack."""
        if isinstance(layer, type) or not hasattr(layer, "_ensure_built"):
            raise TypeError(f"add() takes a layer such as layers.Dense(1), got {layer!r}")
        if getattr(layer, "_auto_name", False):
            taken = {other.name for other in self.layers}
            base = layer.name.split("_")[0] if layer.name else "dense"
            name, i = base, 0
            while name in taken:
                i += 1
                name = f"{base}_{i}"
            layer._rename(name)
        if self.layers and getattr(layer, "input_dim", None) is None:
            previous = self.layers[-1]
            if getattr(previous, "units", None) is not None:
                layer.input_dim = previous.units
        self.layers.append(layer)

    def _check_width(self, x, name="x"):
        """Build the layers for inputs of ``x``'s width, or check it matches."""
        if not self.layers:
            raise ValueError("this model has no layers yet: add one, e.g. model.add(Dense(1))")
        width = x.shape[1]
        first = self.layers[0]
        if first.input_dim is not None and first.input_dim != width:
            raise ValueError(f"{name} has {width} feature(s) (columns) per row, but the model's "
                             f"first layer expects {first.input_dim}. Pass {name} with "
                             f"{first.input_dim} column(s); a single sample is a list of one "
                             "row, [[...]]")
        for layer in self.layers:
            layer._ensure_built(width)
            width = layer.units

    @property
    def built(self):
        return bool(self.layers) and all(layer.built for layer in self.layers)

    def build(self, input_dim):
        """Create all weights for inputs with ``input_dim`` features."""
        self._check_width(np.zeros((0, validate.integer("input_dim", input_dim, minimum=1))))

    @property
    def trainable_variables(self):
        """All kernels and biases, first layer first (only of layers that know their input
        width: empty for a model without ``input_shape`` that has not seen data yet)."""
        return [v for layer in self.layers for v in layer.trainable_variables]

    weights = trainable_variables

    def get_weights(self):
        """Copies of the weights: a list of numpy arrays (kernel, bias, kernel, ...)."""
        return [v.numpy() for v in self.trainable_variables]

    def set_weights(self, weights):
        """Set the weights from a list like the one ``get_weights`` returns."""
        variables = self.trainable_variables
        if not isinstance(weights, (list, tuple)):
            raise TypeError(f"weights must be a list of arrays (kernel, bias, ...), as "
                            f"get_weights() gives, got {type(weights).__name__}")
        if len(weights) != len(variables):
            raise ValueError(f"set_weights needs {len(variables)} arrays (one per kernel and "
                             f"bias), got {len(weights)}")
        start = 0
        for layer in self.layers:  # each layer checks and takes its own arrays
            count = len(layer.trainable_variables)
            layer.set_weights(list(weights[start:start + count]))
            start += count

    def count_params(self):
        counts = [layer.count_params() for layer in self.layers]
        return None if None in counts else sum(counts)

    def summary(self):
        """Print a table of the layers: name, output shape and number of parameters."""
        rows = [("Layer (type)", "Output Shape", "Param #")]
        for layer in self.layers:
            params = layer.count_params()
            rows.append((f"{layer.name} ({type(layer).__name__})", f"(None, {layer.units})",
                         "?" if params is None else str(params)))
        widths = [max(len(row[i]) for row in rows) + 3 for i in range(3)]
        line = "-" * sum(widths)
        print(f'Model: "{self.name}"')
        print(line)
        for i, row in enumerate(rows):
            print("".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
            print("=" * sum(widths) if i == 0 else line)
        total = self.count_params()
        if total is None:
            print("Total params: ? (the input width is not known yet: give the first layer "
                  "input_shape=[...] or call fit)")
        else:
            print(f"Total params: {total}")

    # ---- running ----------------------------------------------------------------
    def __call__(self, x):
        """The model's output as a gdcourse Tensor (a GradientTape can record it).

        Use this in training loops you write yourself::

            with GradientTape() as tape:
                loss = losses.MeanSquaredError()(y, model(x))
            grads = tape.gradient(loss, model.trainable_variables)
        """
        if isinstance(x, T.Tensor):
            if x.ndim == 1:
                x = T.reshape(x, (-1, 1))
            elif x.ndim != 2:
                raise ValueError(f"x must have shape (samples, features), or (samples,) for one "
                                 f"feature, got shape {x.shape}")
        else:
            x = T.constant(_inputs("x", x))
        self._check_width(x)
        for layer in self.layers:
            x = layer(x)
        return x

    def _forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def predict(self, x, batch_size=None, verbose=0):
        """Predictions for ``x`` as a numpy array of shape (samples, outputs)."""
        x = _inputs("x", x)
        self._check_width(x)
        with np.errstate(over="ignore", invalid="ignore"):
            if batch_size is None:
                return self._forward(x)
            batch_size = validate.integer("batch_size", batch_size, minimum=1)
            parts = [self._forward(x[i:i + batch_size]) for i in range(0, len(x), batch_size)]
        return np.concatenate(parts)

    # ---- training ---------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None):
        """Choose the optimizer and the loss (each by name or as an object).

        ``optimizer``: ``'sgd'``, ``'adagrad'``, ``'rmsprop'``, ``'adam'`` or an
        optimizer such as ``optimizers.SGD(learning_rate=0.1)``.
        ``loss``: ``'mse'``/``'mean_squared_error'``, ``'mae'``/``'mean_absolute_error'``,
        a loss object or a function ``loss(y_true, y_pred)``.
        ``metrics``: optional list of extra numbers to report, e.g. ``['mae']``.
        """
        self.optimizer = optimizers_module.get(optimizer)
        self.loss = None if loss is None else losses_module.get(loss)
        self.metrics = []
        if metrics is not None:
            if isinstance(metrics, str) or callable(metrics):
                metrics = [metrics]
            if not isinstance(metrics, (list, tuple)):
                raise TypeError(f"metrics must be a list such as ['mae'], got "
                                f"{type(metrics).__name__}")
            for metric in metrics:
                name = metric if isinstance(metric, str) else getattr(
                    metric, "name", getattr(metric, "__name__", "metric"))
                self.metrics.append((name, losses_module.get(metric)))

    def _check_compiled(self, what):
        if self.optimizer is None or self.loss is None:
            missing = "an optimizer and a loss" if self.optimizer is None else "a loss"
            raise NotCompiledError(
                f"call model.compile(...) with {missing} before {what}, e.g. "
                "model.compile(optimizer='sgd', loss='mse')")

    def _data(self, x, y, x_name="x", y_name="y"):
        x = _inputs(x_name, x)
        y = _inputs(y_name, y)
        if len(x) != len(y):
            raise ValueError(f"{x_name} has {len(x)} samples but {y_name} has {len(y)}: they must "
                             "have the same length (one target per input row)")
        self._check_width(x, x_name)
        units = self.layers[-1].units
        if y.shape[1] != units:
            raise ValueError(f"{y_name} has {y.shape[1]} value(s) per sample but the model "
                             f"outputs {units}: give {y_name} shape ({len(y)}, {units})")
        return x, y

    def evaluate(self, x, y, batch_size=None, verbose=0):
        """The loss on ``(x, y)`` (a float); with metrics, ``[loss, metric, ...]``."""
        self._check_compiled("evaluate")
        x, y = self._data(x, y)
        return self._evaluate(x, y)

    def _evaluate(self, x, y):
        with np.errstate(over="ignore", invalid="ignore"):
            pred = self._forward(x)
            results = [float(self.loss(y, pred))]
            results += [float(metric(y, pred)) for _, metric in self.metrics]
        return results[0] if len(results) == 1 else results

    def _backprop_step(self, x, y):
        """One training step with hand-written derivatives (numpy only). Returns the loss."""
        layers = self.layers
        a = x
        for layer in layers:
            a = layer.forward(a)
        self._last_prediction = a
        loss, grad = self.loss.value_and_gradient(y, a)
        grads = []
        for i in range(len(layers) - 1, -1, -1):
            grad, layer_grads = layers[i].backward(grad, i > 0)
            grads = layer_grads + grads
        self.optimizer._apply(grads, self._variables, check=False)
        return loss

    def _tape_step(self, x, y):
        """One training step through a GradientTape (for losses written by the learner)."""
        with T.GradientTape() as tape:
            prediction = self(x)
            loss = self.loss(y, prediction)
        if not isinstance(loss, T.Tensor):
            raise TypeError("the loss function must compute its result with gdcourse "
                            "operations (so a GradientTape can differentiate it); it returned "
                            f"{type(loss).__name__}")
        grads = tape.gradient(loss, self._variables)
        pairs = [(np.asarray(g), v) for g, v in zip(grads, self._variables) if g is not None]
        if not pairs:
            raise ValueError("the loss does not depend on the model's weights")
        self._last_prediction = prediction.numpy()
        self.optimizer._apply([g for g, _ in pairs], [v for _, v in pairs], check=False)
        return float(loss)

    def fit(self, x, y, epochs=1, batch_size=32, shuffle=True, validation_data=None,
            callbacks=None, verbose=1, seed=None, live_plot=False):
        """Train the model; returns a ``History`` (``history.history['loss']``...).

        - ``epochs``: passes over the data
        - ``batch_size``: samples per step; ``len(x)`` = batch gradient descent,
          ``1`` = stochastic, between = mini-batch. The last batch of an epoch
          holds what is left (it may be smaller).
        - ``shuffle``: shuffle the samples before each epoch (seeded by
          ``seed``, or else by ``gdcourse.set_seed``)
        - ``validation_data``: ``(x_val, y_val)``, adds ``val_loss`` to the logs
        - ``callbacks``: list of ``gdcourse.framework.callbacks`` objects
        - ``verbose``: 0 silent, 1 progress bar, 2 one line per epoch
        - ``live_plot``: True (or a number N) to redraw a loss curve every N
          epochs in a notebook
        """
        self._check_compiled("fit")
        x, y = self._data(x, y)
        epochs = validate.integer("epochs", epochs, minimum=1)
        batch_size = 32 if batch_size is None else validate.integer("batch_size", batch_size,
                                                                     minimum=1)
        if isinstance(verbose, str) and verbose == "auto":
            verbose = 1
        if not isinstance(verbose, numbers.Integral) or verbose not in (0, 1, 2):
            raise ValueError(f"verbose must be 0 (silent), 1 (progress bar) or 2 (one line "
                             f"per epoch), got {verbose!r:.60}")
        val = None
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise TypeError("validation_data must be a pair (x_val, y_val)")
            val = self._data(*validation_data, x_name="validation_data[0]",
                             y_name="validation_data[1]")

        history = callbacks_module.History()
        if callbacks is None:
            callbacks = []
        elif isinstance(callbacks, callbacks_module.Callback):
            callbacks = [callbacks]
        elif not isinstance(callbacks, (list, tuple)):
            raise TypeError(f"callbacks must be a list of callbacks, e.g. [EarlyStopping()], "
                            f"got {type(callbacks).__name__}")
        callback_list = [history] + list(callbacks)
        every = None  # how many epochs between redraws of the live plot (None: no plot)
        if live_plot is True:
            every = max(1, epochs // 20)
        elif live_plot is not False and live_plot is not None:
            every = validate.integer("live_plot", live_plot, minimum=0) or None  # 0: no plot
        if every is not None:
            callback_list.append(callbacks_module.LivePlot(every=every))
        for cb in callback_list:
            if not isinstance(cb, callbacks_module.Callback):
                raise TypeError(f"callbacks must be gdcourse.framework.callbacks objects, got {cb!r}")
            cb.set_model(self)
        batch_begin = [cb for cb in callback_list if callbacks_module.overrides(
            cb, "on_batch_begin", "on_train_batch_begin")]
        batch_end = [cb for cb in callback_list if callbacks_module.overrides(
            cb, "on_batch_end", "on_train_batch_end")]

        self._variables = self.trainable_variables
        uses_backprop = (type(self.loss).value_and_gradient
                         is not losses_module.Loss.value_and_gradient
                         and all(hasattr(layer, "backward") for layer in self.layers))
        step = self._backprop_step if uses_backprop else self._tape_step
        rng = seeding.rng(seed) if shuffle else None
        n = len(x)
        self.history = history
        self.stop_training = False
        self.stop_reason = None
        progress = EpochProgress(epochs, verbose)
        epoch_logs, finished_epoch, first_loss = None, None, None

        for cb in callback_list:
            cb.on_train_begin({})
        # Overflow on the way to divergence is expected and handled below, so
        # numpy's RuntimeWarnings are silenced: we check the loss ourselves.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for epoch in range(epochs):
                for cb in callback_list:
                    cb.on_epoch_begin(epoch, {})
                if shuffle:
                    order = rng.permutation(n)
                    xs, ys = x[order], y[order]
                else:
                    xs, ys = x, y
                # Optimizers give variables new arrays (never edit in place),
                # so keeping the current arrays is a free snapshot.
                start_weights = [value_of(v) for v in self._variables]
                total, seen, metric_totals = 0.0, 0, [0.0] * len(self.metrics)
                last_loss = math.nan
                for batch, start in enumerate(range(0, n, batch_size)):
                    xb = xs[start:start + batch_size]
                    yb = ys[start:start + batch_size]
                    if batch_begin:
                        for cb in batch_begin:
                            cb.on_train_batch_begin(batch, {"size": len(xb)})
                    loss = step(xb, yb)
                    if not math.isfinite(loss):
                        self._diverged(epoch, epochs, f"the loss became {loss}", last_loss,
                                       start_weights)
                        break
                    last_loss = loss
                    total += loss * len(xb)
                    seen += len(xb)
                    if self.metrics:
                        for i, (_, metric) in enumerate(self.metrics):
                            metric_totals[i] += float(metric(yb, self._last_prediction)) * len(xb)
                    if batch_end:
                        logs = {"loss": float(loss), "size": len(xb)}
                        for cb in batch_end:
                            cb.on_train_batch_end(batch, logs)
                        if self.stop_training:
                            break
                if self.stop_reason is not None:  # diverged
                    break
                epoch_logs = {"loss": float(total / seen)}
                for (name, _), value in zip(self.metrics, metric_totals):
                    epoch_logs[name] = value / seen
                if not all(np.isfinite(value_of(v)).all() for v in self._variables):
                    self._diverged(epoch, epochs, "the weights became infinite", last_loss,
                                   start_weights)
                    break
                if val is not None:
                    results = self._evaluate(*val)
                    results = results if isinstance(results, list) else [results]
                    epoch_logs["val_loss"] = results[0]
                    for (name, _), value in zip(self.metrics, results[1:]):
                        epoch_logs["val_" + name] = value
                for cb in callback_list:
                    cb.on_epoch_end(epoch, epoch_logs)
                finished_epoch = epoch
                progress.update(epoch, epoch_logs)
                loss = epoch_logs["loss"]
                if first_loss is None:
                    first_loss = loss
                elif loss > EXPLOSION_FACTOR * first_loss and loss > EXPLOSION_FACTOR:
                    self._diverged(epoch, epochs, f"the loss exploded to {loss:.4e} (it was "
                                   f"{first_loss:.4e} in epoch 1)", math.nan, start_weights)
                    break
                if self.stop_training:
                    self.stop_reason = f"stopped by a callback after epoch {epoch + 1}"
                    break

        progress.close(finished_epoch, epoch_logs,
                       message="stopped: training diverged" if history.diverged else None)
        if history.diverged:
            # Always one plain line, whatever ``verbose`` says: a warning would show a
            # file path in the notebook, and a silent stop would look like success.
            print(self.stop_reason)
        history.stop_reason = self.stop_reason
        for cb in callback_list:
            cb.on_train_end({} if epoch_logs is None else epoch_logs)
        return history

    def _diverged(self, epoch, epochs, what, last_loss, start_weights):
        """Stop training: note why, and make sure the weights are finite numbers."""
        if not all(np.isfinite(value_of(v)).all() for v in self._variables):
            for v, w in zip(self._variables, start_weights):
                set_value(v, w, check=False)
        before = "" if math.isnan(last_loss) else f" (one step earlier it was {last_loss:.4e})"
        self.stop_reason = (
            f"Training diverged in epoch {epoch + 1}/{epochs}: {what}{before}. "
            "The steps are too big: try a smaller learning rate or scale the inputs.")
        self.stop_training = True
        self.history.diverged = True
