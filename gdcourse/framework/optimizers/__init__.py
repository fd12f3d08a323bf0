"""Optimizers: SGD (+ momentum, Nesterov), Adagrad, RMSprop, Adam, with Keras 3's rules.

Each writes only ``build`` and ``update_step``; ``optimizer.py`` has the rest.
"""
from gdcourse.framework.optimizers import schedules
from gdcourse.framework.optimizers.adagrad import Adagrad
from gdcourse.framework.optimizers.adam import Adam
from gdcourse.framework.optimizers.optimizer import Optimizer
from gdcourse.framework.optimizers.rmsprop import RMSprop
from gdcourse.framework.optimizers.sgd import SGD

__all__ = ["Optimizer", "SGD", "Adagrad", "RMSprop", "Adam", "get", "schedules"]


def get(identifier):
    """An optimizer from a name (``'sgd'``, ``'adam'``, ...) with Keras's defaults, or as given."""
    if isinstance(identifier, Optimizer):
        return identifier
    by_name = {"sgd": SGD, "adagrad": Adagrad, "rmsprop": RMSprop, "adam": Adam}
    if isinstance(identifier, str) and identifier.lower() in by_name:
        return by_name[identifier.lower()]()
    raise (ValueError if isinstance(identifier, str) else TypeError)(f"optimizer must be one of {', '.join(map(repr, by_name))} or an optimizer "
                     f"such as tf.keras.optimizers.SGD(learning_rate=0.01), got {identifier!r:.60}")
