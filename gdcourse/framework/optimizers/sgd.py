"""Stochastic gradient descent, with optional (Nesterov) momentum."""
import numpy as np

from gdcourse.framework.optimizers.optimizer import Optimizer, _fraction


class SGD(Optimizer):
    """Gradient descent, optionally with momentum (Keras 3 rule).

    With ``momentum = 0`` (plain gradient descent)::

        w <- w - lr * g

    With momentum ``mu > 0`` the step keeps a velocity ``m`` (starts at 0)::

        m <- mu * m - lr * g
        w <- w + m

    and with ``nesterov=True`` the variable looks one step further ahead::

        m <- mu * m - lr * g
        w <- w + mu * m - lr * g

    Defaults as in Keras: ``learning_rate=0.01, momentum=0.0, nesterov=False``.
    """

    name = "SGD"

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.momentum = _fraction("momentum", momentum)
        self.nesterov = bool(nesterov)

    def _init_slots(self, w):
        return {"momentum": np.zeros_like(w)} if self.momentum > 0 else {}

    def _update(self, w, g, slots, lr):
        if self.momentum == 0:
            return w - lr * g
        m = self.momentum * slots["momentum"] - lr * g
        slots["momentum"] = m
        if self.nesterov:
            return w + self.momentum * m - lr * g
        return w + m

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
