"""Learning-rate schedules: a learning rate that changes as training goes on.

A schedule is called with the optimizer's step counter (``iterations``,
which starts at 0) and returns the learning rate for that step::

    schedule = ExponentialDecay(0.1, decay_steps=100, decay_rate=0.5)
    schedule(0), schedule(100), schedule(200)   # 0.1, 0.05, 0.025
    opt = SGD(learning_rate=schedule)

The formulas are those of ``keras.optimizers.schedules``.
"""
import math

from gdcourse import validate


class LearningRateSchedule:
    """Base class: subclasses define ``__call__(step) -> learning rate``."""

    def __call__(self, step):
        raise NotImplementedError

    def get_config(self):
        return dict(self.__dict__)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def _step(step):
    return validate.number("step", step, nonnegative=True)


class ExponentialDecay(LearningRateSchedule):
    """Multiply the learning rate by ``decay_rate`` every ``decay_steps`` steps.

        lr(step) = initial_learning_rate * decay_rate ** (step / decay_steps)

    With ``staircase=True`` the exponent is rounded down
    (``step // decay_steps``), so the rate drops in jumps instead of smoothly.
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False):
        self.initial_learning_rate = validate.number(
            "initial_learning_rate", initial_learning_rate, positive=True)
        self.decay_steps = validate.number("decay_steps", decay_steps, positive=True)
        self.decay_rate = validate.number("decay_rate", decay_rate, positive=True)
        self.staircase = bool(staircase)

    def __call__(self, step):
        p = _step(step) / self.decay_steps
        if self.staircase:
            p = math.floor(p)
        return self.initial_learning_rate * self.decay_rate ** p


class CosineDecay(LearningRateSchedule):
    """Glide from ``initial_learning_rate`` down to ``alpha * initial_learning_rate``
    along half a cosine wave over ``decay_steps`` steps, then stay there.

        t        = min(step, decay_steps) / decay_steps
        cosine   = 0.5 * (1 + cos(pi * t))
        lr(step) = initial_learning_rate * ((1 - alpha) * cosine + alpha)
    """

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0):
        self.initial_learning_rate = validate.number(
            "initial_learning_rate", initial_learning_rate, positive=True)
        self.decay_steps = validate.number("decay_steps", decay_steps, positive=True)
        self.alpha = validate.number("alpha", alpha, nonnegative=True)
        if self.alpha > 1:
            raise ValueError("alpha must be between 0 and 1 (a fraction of the initial rate), "
                             f"got {alpha!r}")

    def __call__(self, step):
        t = min(_step(step), self.decay_steps) / self.decay_steps
        cosine = 0.5 * (1.0 + math.cos(math.pi * t))
        return self.initial_learning_rate * ((1.0 - self.alpha) * cosine + self.alpha)


class PiecewiseConstantDecay(LearningRateSchedule):
    """A constant learning rate on each stretch of steps.

    ``boundaries=[100, 200], values=[0.1, 0.01, 0.001]`` means 0.1 for
    steps 0..100, 0.01 for steps 101..200 and 0.001 after that::

        lr(step) = values[0]  if step <= boundaries[0]
                   values[i]  if boundaries[i-1] < step <= boundaries[i]
                   values[-1] if step > boundaries[-1]
    """

    def __init__(self, boundaries, values):
        boundaries = validate.array("boundaries", boundaries, ndim=1, allow_empty=True).tolist()
        values = validate.array("values", values, ndim=1).tolist()
        if any(b < 0 for b in boundaries):
            raise ValueError(f"boundaries must be steps, 0 or more, got {boundaries}")
        if any(v <= 0 for v in values):
            raise ValueError(f"values must be learning rates, greater than 0, got {values}")
        if len(values) != len(boundaries) + 1:
            raise ValueError(
                f"values must have one more entry than boundaries: got {len(boundaries)} "
                f"boundaries and {len(values)} values"
            )
        if any(b2 <= b1 for b1, b2 in zip(boundaries, boundaries[1:])):
            raise ValueError(f"boundaries must increase, got {boundaries}")
        self.boundaries = boundaries
        self.values = values

    def __call__(self, step):
        step = _step(step)
        for boundary, value in zip(self.boundaries, self.values):
            if step <= boundary:
                return value
        return self.values[-1]
