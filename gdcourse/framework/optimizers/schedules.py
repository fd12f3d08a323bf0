"""Learning rates that change with the step (``iterations``, from 0), as in Keras:
``SGD(learning_rate=ExponentialDecay(0.1, decay_steps=100, decay_rate=0.5))``."""
import math

from gdcourse import validate
from gdcourse.locale import _


class ExponentialDecay:
    """``lr(step) = initial_learning_rate * decay_rate ** (step / decay_steps)``."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate):
        self.initial_learning_rate = validate.number(
            "initial_learning_rate", initial_learning_rate, positive=True)
        self.decay_steps = validate.number("decay_steps", decay_steps, positive=True)
        self.decay_rate = validate.number("decay_rate", decay_rate, positive=True)

    def __call__(self, step):
        p = validate.number("step", step, nonnegative=True) / self.decay_steps
        return self.initial_learning_rate * self.decay_rate ** p


class CosineDecay:
    """Half a cosine wave from ``initial_learning_rate`` down to ``alpha`` times it,
    over ``decay_steps`` steps; then it stays there."""

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0):
        self.initial_learning_rate = validate.number(
            "initial_learning_rate", initial_learning_rate, positive=True)
        self.decay_steps = validate.number("decay_steps", decay_steps, positive=True)
        self.alpha = validate.number("alpha", alpha, nonnegative=True)
        if self.alpha > 1:
            raise ValueError(_("alpha must be between 0 and 1, got {alpha!r}", alpha=alpha))

    def __call__(self, step):
        step = min(validate.number("step", step, nonnegative=True), self.decay_steps)
        cosine = 0.5 * (1.0 + math.cos(math.pi * step / self.decay_steps))
        return self.initial_learning_rate * ((1.0 - self.alpha) * cosine + self.alpha)
