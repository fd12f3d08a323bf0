"""Adagrad: each weight gets its own, shrinking, step size."""
import numpy as np

from gdcourse import validate
from gdcourse.framework.optimizers.optimizer import Optimizer


class Adagrad(Optimizer):
    """Adagrad (Keras 3 rule).

    Each entry keeps the running sum of its squared gradients, ``acc``
    (starting at ``initial_accumulator_value``); entries that have seen big
    gradients take smaller steps::

        acc <- acc + g**2
        w   <- w - lr * g / sqrt(acc + epsilon)

    Note: Keras puts ``epsilon`` *inside* the square root.

    Defaults as in Keras: ``learning_rate=0.001, initial_accumulator_value=0.1,
    epsilon=1e-7``.
    """

    name = "adagrad"

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.initial_accumulator_value = validate.number(
            "initial_accumulator_value", initial_accumulator_value, nonnegative=True)
        self.epsilon = validate.number("epsilon", epsilon, positive=True)

    def _init_slots(self, w):
        return {"accumulator": np.full_like(w, self.initial_accumulator_value)}

    def _update(self, w, g, slots, lr):
        acc = slots["accumulator"] + g**2
        slots["accumulator"] = acc
        return w - lr * g / np.sqrt(acc + self.epsilon)

    def get_config(self):
        return {**super().get_config(),
                "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon}
