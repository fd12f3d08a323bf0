"""Adam: momentum plus RMSprop-style scaling, with bias correction."""
import math

import numpy as np

from gdcourse import validate
from gdcourse.framework.optimizers.optimizer import Optimizer, _fraction


class Adam(Optimizer):
    """Adam (Keras 3 rule).

    ``m`` (mean of gradients) and ``v`` (mean of squared gradients) start at
    0; ``t`` is the number of this step (1 for the first)::

        m       <- beta_1 * m + (1 - beta_1) * g
        v       <- beta_2 * v + (1 - beta_2) * g**2
        alpha_t  = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        w       <- w - alpha_t * m / (sqrt(v) + epsilon)

    ``alpha_t`` folds the paper's bias corrections into the step size, so
    ``epsilon`` here is the paper's "epsilon hat" (Keras' form).

    Defaults as in Keras: ``learning_rate=0.001, beta_1=0.9, beta_2=0.999,
    epsilon=1e-7``.
    """

    name = "adam"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = _fraction("beta_1", beta_1)
        self.beta_2 = _fraction("beta_2", beta_2)
        self.epsilon = validate.number("epsilon", epsilon, positive=True)

    def _init_slots(self, w):
        return {"m": np.zeros_like(w), "v": np.zeros_like(w)}

    def _update(self, w, g, slots, lr):
        t = self.iterations + 1
        m = self.beta_1 * slots["m"] + (1 - self.beta_1) * g
        v = self.beta_2 * slots["v"] + (1 - self.beta_2) * g**2
        slots["m"], slots["v"] = m, v
        alpha_t = lr * math.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t)
        return w - alpha_t * m / (np.sqrt(v) + self.epsilon)

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}
