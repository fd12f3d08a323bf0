"""Optimizers: the rules that turn gradients into weight updates.

================  ==============================================  ==============
class             rule (per weight ``w`` with gradient ``g``)     file
================  ==============================================  ==============
``SGD``           ``w -= lr * g`` (+ momentum / Nesterov)         ``sgd.py``
``Adagrad``       step shrinks with the sum of past ``g**2``      ``adagrad.py``
``RMSprop``       step divided by a moving average of ``g**2``    ``rmsprop.py``
``Adam``          momentum + RMSprop + bias correction            ``adam.py``
================  ==============================================  ==============

Shared behaviour (clipping, schedules, ``iterations``, ``apply_gradients``,
``minimize``) lives in ``optimizer.py``; learning-rate schedules in
``schedules.py``. Defaults and update rules follow Keras 3.

>>> opt = get("adam")          # by name, as in compile(optimizer="adam")
>>> type(opt).__name__, opt.learning_rate
('Adam', 0.001)
"""
from gdcourse.framework.optimizers import schedules
from gdcourse.framework.optimizers.adagrad import Adagrad
from gdcourse.framework.optimizers.adam import Adam
from gdcourse.framework.optimizers.optimizer import Optimizer
from gdcourse.framework.optimizers.rmsprop import RMSprop
from gdcourse.framework.optimizers.sgd import SGD

# Names accepted by get() and compile(optimizer=...), lower case.
_BY_NAME = {"sgd": SGD, "adagrad": Adagrad, "rmsprop": RMSprop, "adam": Adam}

__all__ = ["Optimizer", "SGD", "Adagrad", "RMSprop", "Adam", "get", "schedules"]


def get(identifier):
    """An optimizer from a name (``'sgd'``, ``'adam'``, ...), a class, or an instance.

    A name or a class gives a new optimizer with the Keras defaults; an
    instance is returned as it is.
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Optimizer):
        if identifier is Optimizer:
            raise TypeError("Optimizer is the base class; pick one such as SGD or Adam")
        return identifier()
    if isinstance(identifier, str):
        cls = _BY_NAME.get(identifier.lower())
        if cls is None:
            known = ", ".join(repr(n) for n in _BY_NAME)
            raise ValueError(f"unknown optimizer {identifier!r}; known names are {known}")
        return cls()
    raise TypeError(
        "optimizer must be a name such as 'sgd' or 'adam', or an optimizer such as "
        f"gdcourse.framework.optimizers.SGD(learning_rate=0.01), got {type(identifier).__name__}"
    )
