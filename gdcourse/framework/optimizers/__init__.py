"""Optimizers with Keras 3's rules: SGD (+ momentum, Nesterov), Adagrad, RMSprop, Adam.

Each writes only ``build`` (its slots) and ``update_step`` (its rule); ``optimizer.py`` has the rest.
"""
import math

import numpy as np

from gdcourse import validate
from gdcourse.framework.optimizers import schedules
from gdcourse.framework.optimizers.optimizer import Optimizer, fraction
from gdcourse.locale import _

__all__ = ["Optimizer", "SGD", "Adagrad", "RMSprop", "Adam", "get", "schedules"]


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
            return self.assign(variable, np.asarray(variable) + self.momentum * m
                               - learning_rate * gradient)
        self.assign_sub(variable, -m)


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


def get(identifier):
    """An optimizer from a name (``'sgd'``, ``'adam'``, ...) with Keras's defaults, or as given."""
    if isinstance(identifier, Optimizer):
        return identifier
    by_name = {"sgd": SGD, "adagrad": Adagrad, "rmsprop": RMSprop, "adam": Adam}
    if isinstance(identifier, str) and identifier.lower() in by_name:
        return by_name[identifier.lower()]()
    raise (ValueError if isinstance(identifier, str) else TypeError)(
        _("optimizer must be one of {names} or an optimizer such as tf.keras.optimizers.SGD(learning_rate=0.01), got "
          "{identifier!r:.60}", names=", ".join(map(repr, by_name)), identifier=identifier))
