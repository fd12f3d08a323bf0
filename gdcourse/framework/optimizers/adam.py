"""Adam: momentum plus RMSprop-style scaling, with bias correction."""
import math

import numpy as np

from gdcourse import validate
from gdcourse.framework.optimizers.optimizer import Optimizer, fraction


class Adam(Optimizer):
    """Keras 3's rule; ``t`` is the number of this step (1 for the first)::

        m       <- beta_1 * m + (1 - beta_1) * g
        v       <- beta_2 * v + (1 - beta_2) * g**2
        alpha_t  = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        w       <- w - alpha_t * m / (sqrt(v) + epsilon)
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = fraction("beta_1", beta_1)
        self.beta_2 = fraction("beta_2", beta_2)
        self.epsilon = validate.number("epsilon", epsilon, positive=True)

    def build(self, var_list):
        super().build(var_list)
        self.momentums = self.add_variable_from_reference(var_list)
        self.velocities = self.add_variable_from_reference(var_list)

    def update_step(self, gradient, variable, learning_rate):
        i, t = self.index(variable), self.iterations + 1
        m = self.momentums[i] = self.beta_1 * self.momentums[i] + (1 - self.beta_1) * gradient
        v = self.velocities[i] = (self.beta_2 * self.velocities[i]
                                  + (1 - self.beta_2) * gradient**2)
        alpha_t = learning_rate * math.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t)
        self.assign_sub(variable, alpha_t * m / (np.sqrt(v) + self.epsilon))
