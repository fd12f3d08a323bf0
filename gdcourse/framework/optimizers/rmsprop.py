"""RMSprop: divide each step by a running average of recent gradient sizes."""
import numpy as np

from gdcourse import validate
from gdcourse.framework.optimizers.optimizer import Optimizer, _fraction


class RMSprop(Optimizer):
    """RMSprop (Keras 3 rule, not centered).

    ``v`` is a moving average of squared gradients (starts at 0)::

        v <- rho * v + (1 - rho) * g**2
        w <- w - lr * g / sqrt(v + epsilon)

    With ``momentum = mu > 0`` the step goes through a velocity ``m``::

        m <- mu * m + lr * g / sqrt(v + epsilon)
        w <- w - m

    Note: Keras puts ``epsilon`` *inside* the square root.

    Defaults as in Keras: ``learning_rate=0.001, rho=0.9, momentum=0.0,
    epsilon=1e-7``.
    """

    name = "rmsprop"

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.rho = _fraction("rho", rho)
        self.momentum = _fraction("momentum", momentum)
        self.epsilon = validate.number("epsilon", epsilon, positive=True)

    def _init_slots(self, w):
        slots = {"velocity": np.zeros_like(w)}
        if self.momentum > 0:
            slots["momentum"] = np.zeros_like(w)
        return slots

    def _update(self, w, g, slots, lr):
        v = self.rho * slots["velocity"] + (1 - self.rho) * g**2
        slots["velocity"] = v
        step = lr * g / np.sqrt(v + self.epsilon)
        if self.momentum > 0:
            m = self.momentum * slots["momentum"] + step
            slots["momentum"] = m
            return w - m
        return w - step

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum,
                "epsilon": self.epsilon}
