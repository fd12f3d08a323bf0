"""Callbacks: code that ``fit`` runs at fixed moments, with Keras's names::

    on_train_begin(logs)            on_train_end(logs)
    on_epoch_begin(epoch, logs)     on_epoch_end(epoch, logs)
    on_batch_begin(batch, logs)     on_batch_end(batch, logs)

``epoch`` and ``batch`` count from 0. At the end of an epoch ``logs`` holds
``loss``, the epoch's mean loss per sample; at the end of a batch, that
batch's ``loss``. A callback stops training with ``self.model.stop_training = True``.
"""

HOOKS = ("on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
         "on_batch_begin", "on_batch_end")


class Callback:
    """Base class: override the hooks you need; the others do nothing."""

    model = None

    def set_model(self, model):
        self.model = model

    def on_train_begin(self, logs=None): pass
    def on_train_end(self, logs=None): pass
    def on_epoch_begin(self, epoch, logs=None): pass
    def on_epoch_end(self, epoch, logs=None): pass
    def on_batch_begin(self, batch, logs=None): pass
    def on_batch_end(self, batch, logs=None): pass


class LambdaCallback(Callback):
    """A callback made of plain functions::

        LambdaCallback(on_epoch_end=lambda epoch, logs: print(epoch, logs["loss"]))
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None,
                 on_batch_end=None, on_train_begin=None, on_train_end=None):
        given = dict(on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end,
                     on_batch_begin=on_batch_begin, on_batch_end=on_batch_end,
                     on_train_begin=on_train_begin, on_train_end=on_train_end)
        for name, fn in given.items():
            if fn is not None and not callable(fn):
                raise TypeError(f"{name} must be a function, got {type(fn).__name__}")
            if fn is not None:
                setattr(self, name, fn)  # on the instance: it replaces the do-nothing hook


class History(Callback):
    """What ``fit`` returns: ``history.history['loss']`` has one number per epoch,
    ``history.epoch`` the epochs' numbers."""

    def on_train_begin(self, logs=None):
        self.history, self.epoch = {}, []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for name, value in logs.items():
            self.history.setdefault(name, []).append(value)
