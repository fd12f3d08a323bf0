"""RMSprop: divide each step by a moving average of recent squared gradients."""
import numpy as np

from gdcourse import validate
from gdcourse.framework.optimizers.optimizer import Optimizer, fraction


class RMSprop(Optimizer):
    """Keras 3's rule, not centered (``epsilon`` *inside* the square root)::

        v <- rho * v + (1 - rho) * g**2
        w <- w - lr * g / sqrt(v + epsilon)
    """

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.rho = fraction("rho", rho)
        self.epsilon = validate.number("epsilon", epsilon, positive=True)

    def build(self, var_list):
        super().build(var_list)
        self.velocities = self.add_variable_from_reference(var_list)

    def update_step(self, gradient, variable, learning_rate):
        i = self.index(variable)
        v = self.velocities[i] = self.rho * self.velocities[i] + (1 - self.rho) * gradient**2
        self.assign_sub(variable, learning_rate * gradient / np.sqrt(v + self.epsilon))
