"""Gradient descent, with optional (Nesterov) momentum."""
import numpy as np

from gdcourse.framework.optimizers.optimizer import Optimizer, fraction


class SGD(Optimizer):
    """Keras 3's rule. Without momentum ``w <- w - lr * g``; with momentum ``mu``::

        m <- mu * m - lr * g
        w <- w + m                    (nesterov=True: w <- w + mu * m - lr * g)
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.momentum = fraction("momentum", momentum)
        self.nesterov = bool(nesterov)

    def build(self, var_list):
        super().build(var_list)
        self.momentums = self.add_variable_from_reference(var_list)

    def update_step(self, gradient, variable, learning_rate):
        if self.momentum == 0:
            return self.assign_sub(variable, learning_rate * gradient)
        i = self.index(variable)
        m = self.momentums[i] = self.momentum * self.momentums[i] - learning_rate * gradient
        if self.nesterov:
            return self.assign(variable, np.asarray(variable) + self.momentum * m - learning_rate * gradient)
        self.assign_sub(variable, -m)
