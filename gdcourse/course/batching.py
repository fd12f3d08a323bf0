"""Batch, stochastic and mini-batch gradient descent, in plain numpy (lesson 06).

Gradient descent needs the slope of the loss. *Batch* gradient descent
computes it from every sample before each step; *stochastic* gradient
descent (SGD) from one sample; *mini-batch* gradient descent from a handful.
All three take the same kind of step, ``weight -= learning_rate * slope``;
only the number of samples behind each slope changes.

The model here is the straight line ``prediction = w * x + b`` with the mean
squared error, small enough to follow by hand. ``Sequential.fit`` does the
same thing for any model, batch by batch.

Words used below:

- a *step* (one gradient evaluation): compute one slope, update once;
- an *epoch*: one pass over all samples, ``steps_per_epoch`` steps.
"""
import math

import numpy as np

from gdcourse import validate
from gdcourse.framework import seeding


# --- cutting the data into batches ---------------------------------------------------

def minibatches(x, y, batch_size, seed=None, shuffle=True):
    """Cut ``(x, y)`` into batches of ``batch_size`` rows; yield ``(xb, yb)`` one batch at a time.

    One call is one epoch: every sample lands in exactly one batch. The rows
    are shuffled first (``shuffle=True``) with one permutation for x and y
    together, so each x stays paired with its own y. The last batch holds
    what is left over, so it may be smaller than ``batch_size``.

    ``seed`` makes the shuffle repeatable: a number (the same number gives the
    same order), an ``np.random.Generator`` (each call continues its stream,
    so successive epochs get different orders), or ``None`` (the seed from
    ``gdcourse.set_seed``, or fresh randomness).

    >>> [yb.tolist() for _, yb in minibatches([1, 2, 3, 4, 5], [1, 4, 9, 16, 25], 2, shuffle=False)]
    [[1.0, 4.0], [9.0, 16.0], [25.0]]
    """
    x = validate.array("x", x, ndim=(1, 2))
    y = validate.array("y", y, ndim=(1, 2))
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} samples but y has {len(y)}: "
                         "they must have the same length (one target per sample)")
    batch_size = validate.integer("batch_size", batch_size, minimum=1)
    # Draw the order now (not when the first batch is asked for), so that
    # bad arguments fail at the call and the seed is used at once.
    order = seeding.rng(seed).permutation(len(x)) if shuffle else np.arange(len(x))
    return _batches(x, y, order, batch_size)


def _batches(x, y, order, batch_size):
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]   # the same rows of x and of y: pairs stay intact
        yield x[rows], y[rows]


def steps_per_epoch(n_samples, batch_size):
    """How many steps one epoch takes: ``ceil(n_samples / batch_size)``.

    >>> steps_per_epoch(100, 32)   # 32 + 32 + 32 + 4
    4
    """
    n_samples = validate.integer("n_samples", n_samples, minimum=1)
    batch_size = validate.integer("batch_size", batch_size, minimum=1)
    return math.ceil(n_samples / batch_size)


# --- the straight line and its mean squared error -------------------------------------

def _line_data(x, y):
    x = validate.array("x", x, ndim=(1, 2)).ravel()
    y = validate.array("y", y, ndim=(1, 2)).ravel()
    if x.shape != y.shape:
        raise ValueError(f"x and y must hold the same number of values, got {x.size} and {y.size}")
    return x, y


def _line(w, b, x, y):
    """``w``, ``b`` (numbers) and ``x``, ``y`` (equally long arrays), checked."""
    return (validate.number("w", w), validate.number("b", b)) + _line_data(x, y)


def line_loss(w, b, x, y):
    """The mean squared error of the line ``w * x + b``: ``mean((w*x + b - y)**2)``."""
    return _loss(*_line(w, b, x, y))


def _loss(w, b, x, y):  # unchecked: train_line calls it at every step
    with np.errstate(over="ignore", invalid="ignore"):  # a loss beyond float64 is honestly inf
        return float(np.mean((w * x + b - y) ** 2))


def line_gradient(w, b, x, y):
    """The slope of ``line_loss`` with respect to ``w`` and to ``b``, as ``(dL/dw, dL/db)``.

    With miss = w*x + b - y and L = mean(miss**2), the chain rule gives::

        dL/dw = mean(2 * miss * x)      dL/db = mean(2 * miss)

    The factor x in dL/dw is why the scale of the inputs matters so much.
    """
    grad_w, grad_b = _gradient(*_line(w, b, x, y))
    if math.isnan(grad_w) or math.isnan(grad_b):  # terms of both signs overflowed: inf - inf
        raise ValueError("x and y are so large that the slope overflows float64: scale them down first")
    return grad_w, grad_b


def _gradient(w, b, x, y):  # unchecked: train_line calls it at every step
    with np.errstate(over="ignore", invalid="ignore"):
        miss = w * x + b - y
        return float(np.mean(2 * miss * x)), float(np.mean(2 * miss))


def sgd_step(w, b, xb, yb, learning_rate):
    """One step of (mini-batch) gradient descent on the batch ``(xb, yb)``; returns the new ``(w, b)``."""
    learning_rate = validate.number("learning_rate", learning_rate, positive=True)
    grad_w, grad_b = line_gradient(w, b, xb, yb)  # checks w, b, xb and yb
    return _step(float(w), float(b), grad_w, grad_b, learning_rate)


def _step(w, b, grad_w, grad_b, learning_rate):
    # Plain floats: a step beyond float64 gives inf, never a warning.
    return w - learning_rate * grad_w, b - learning_rate * grad_b


class Run:
    """What ``train_line`` did: one entry per step, plus the starting point.

    ``w``, ``b`` and ``loss`` (the loss on *all* the data, not just the batch)
    have ``steps + 1`` entries; ``epochs`` says how many passes over the data
    had been made at each entry (fractions inside an epoch). ``diverged`` is
    True when the loss overflowed and the run stopped early; ``note`` then
    says so in one sentence.
    """

    def __init__(self, batch_size, learning_rate, w, b, loss, epochs, note=""):
        self.batch_size, self.learning_rate = batch_size, learning_rate
        self.w, self.b, self.loss = np.array(w), np.array(b), np.array(loss)
        self.epochs, self.note = np.array(epochs), note

    @property
    def diverged(self):
        return bool(self.note)

    @property
    def steps(self):
        """The step numbers ``0, 1, ..., steps`` (0 is the starting point)."""
        return np.arange(len(self.loss))

    def __repr__(self):
        return (f"<Run batch_size={self.batch_size} learning_rate={self.learning_rate:g}: "
                f"{len(self.loss) - 1} steps, final loss {self.loss[-1]:.4g}>")


def train_line(x, y, batch_size, learning_rate, steps=None, epochs=None, w=0.0, b=0.0, seed=0):
    """Fit ``w * x + b`` by mini-batch gradient descent, recording every step.

    Give a budget of ``steps`` (gradient evaluations) or of ``epochs`` (passes
    over the data), not both. ``batch_size=len(x)`` is batch gradient descent,
    ``1`` is stochastic gradient descent. Each epoch reshuffles, from one
    generator seeded with ``seed``, so the whole run is repeatable.

    If the loss overflows (the steps are too big), the run stops there and
    ``run.diverged`` is True.
    """
    x, y = _line_data(x, y)
    n = len(x)
    batch_size = validate.integer("batch_size", batch_size, minimum=1)
    learning_rate = validate.number("learning_rate", learning_rate, positive=True)
    if (steps is None) == (epochs is None):
        raise ValueError("give exactly one budget: steps=... (gradient evaluations) or epochs=...")
    if steps is None:
        steps = validate.integer("epochs", epochs, minimum=1) * steps_per_epoch(n, batch_size)
    steps = validate.integer("steps", steps, minimum=1)
    w, b = validate.number("w", w), validate.number("b", b)

    rng = np.random.default_rng(validate.integer("seed", seed, minimum=0))
    ws, bs, losses, seen = [w], [b], [_loss(w, b, x, y)], [0.0]
    samples, note = 0, ""
    while len(losses) <= steps and not note:
        for xb, yb in minibatches(x, y, batch_size, seed=rng):   # one epoch
            w, b = _step(w, b, *_gradient(w, b, xb, yb), learning_rate)
            loss = _loss(w, b, x, y)
            if not math.isfinite(loss):
                note = (f"Diverged: at step {len(losses)} the loss overflowed. "
                        "The steps are too big for this batch size: lower the learning rate.")
                break
            samples += len(xb)
            ws.append(w)
            bs.append(b)
            losses.append(loss)
            seen.append(samples / n)
            if len(losses) > steps:
                break
    return Run(batch_size, learning_rate, ws, bs, losses, seen, note)
