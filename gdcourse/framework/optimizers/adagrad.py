"""Adagrad: each weight's step shrinks with the sum of its past squared gradients."""
import numpy as np

from gdcourse import validate
from gdcourse.framework.optimizers.optimizer import Optimizer


class Adagrad(Optimizer):
    """Keras 3's rule (``epsilon`` *inside* the square root)::

        acc <- acc + g**2             (acc starts at initial_accumulator_value)
        w   <- w - lr * g / sqrt(acc + epsilon)
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.initial_accumulator_value = validate.number(
            "initial_accumulator_value", initial_accumulator_value, nonnegative=True)
        self.epsilon = validate.number("epsilon", epsilon, positive=True)

    def build(self, var_list):
        super().build(var_list)
        self.accumulators = self.add_variable_from_reference(
            var_list, self.initial_accumulator_value)

    def update_step(self, gradient, variable, learning_rate):
        i = self.index(variable)
        acc = self.accumulators[i] = self.accumulators[i] + gradient**2
        self.assign_sub(variable, learning_rate * gradient / np.sqrt(acc + self.epsilon))
