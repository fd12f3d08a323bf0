"""Callbacks: code that ``fit`` runs at Keras's moments: ``on_train_begin/end(logs)``,
``on_epoch_begin/end(epoch, logs)``, ``on_batch_begin/end(batch, logs)``, counting from 0.
At an epoch's end ``logs["loss"]`` is its mean loss per sample, at a batch's end that batch's.
A callback stops training with ``self.model.stop_training = True``.
"""
from gdcourse.locale import _


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
    """A callback made of plain functions, e.g.
    ``LambdaCallback(on_epoch_end=lambda epoch, logs: print(epoch, logs["loss"]))``."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None,
                 on_batch_end=None, on_train_begin=None, on_train_end=None):
        for name, fn in dict(locals()).items():
            if name != "self" and fn is not None:
                if not callable(fn):
                    raise TypeError(_("{name} must be a function, got {type}", name=name, type=type(fn).__name__))
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
