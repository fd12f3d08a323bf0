"""Batch, stochastic and mini-batch gradient descent on the line ``w * x + b`` (lesson 06); an epoch: all samples."""
import math
from collections import namedtuple

import numpy as np

from gdcourse import validate
from gdcourse.course import linear
from gdcourse.course.prediction_error import mse
from gdcourse.framework import seeding
from gdcourse.framework.tensor import quiet
from gdcourse.locale import _


def minibatches(x, y, batch_size, seed=None, shuffle=True):
    """One epoch of ``(xb, yb)`` batches, x and y shuffled together; ``seed``: a number, a Generator or None."""
    x = validate.array("x", x, ndim=(1, 2))
    y = validate.array("y", y, ndim=(1, 2))
    if len(x) != len(y):
        raise ValueError(_("x has {x} samples but y has {y}: give one target per sample", x=len(x), y=len(y)))
    batch_size = validate.integer("batch_size", batch_size, minimum=1)
    # Draw the order now, so that bad arguments fail at the call.
    order = seeding.rng(seed).permutation(len(x)) if shuffle else np.arange(len(x))
    return ((x[rows], y[rows]) for rows in np.split(order, range(batch_size, len(x), batch_size)))


def steps_per_epoch(n_samples, batch_size):
    """``ceil(n_samples / batch_size)``: 100 samples in batches of 32 take 4 steps."""
    n_samples = validate.integer("n_samples", n_samples, minimum=1)
    return math.ceil(n_samples / validate.integer("batch_size", batch_size, minimum=1))


def _line(w, b, x, y):
    x = validate.array("x", x, ndim=(1, 2)).ravel()
    y = validate.array("y", y, ndim=(1, 2)).ravel()
    if x.shape != y.shape:
        raise ValueError(_("x and y must hold the same number of values, got {x} and {y}", x=x.size, y=y.size))
    return validate.number("w", w), validate.number("b", b), x, y


def _loss(w, b, x, y):
    with quiet():
        return mse(y, w * x + b)


def _gradient(w, b, x, y):
    with quiet():
        dw, db = linear.gradient(x[:, None], y[:, None], np.array([[w]]), b)
    return float(dw[0, 0]), db


def line_loss(w, b, x, y):
    """The mean squared error of the line ``w * x + b``."""
    return _loss(*_line(w, b, x, y))


def line_gradient(w, b, x, y):
    """``(dL/dw, dL/db) = (mean(2 * miss * x), mean(2 * miss))`` with miss = w*x + b - y."""
    grad_w, grad_b = _gradient(*_line(w, b, x, y))
    if math.isnan(grad_w) or math.isnan(grad_b):  # terms of both signs overflowed: inf - inf
        raise ValueError(_("x and y are so large that the slope overflows float64: scale them down first"))
    return grad_w, grad_b


def sgd_step(w, b, xb, yb, learning_rate):
    """One (mini-batch) gradient step on ``(xb, yb)``; returns the new ``(w, b)``."""
    learning_rate = validate.number("learning_rate", learning_rate, positive=True)
    grad_w, grad_b = line_gradient(w, b, xb, yb)
    return float(w) - learning_rate * grad_w, float(b) - learning_rate * grad_b


def unscale(w, b, x_mean, x_sd):  # the line w * (x - x_mean) / x_sd + b as (slope, intercept) on the raw x
    return w / x_sd, b - w * x_mean / x_sd


class Run(namedtuple("Run", "batch_size learning_rate w b loss epochs note")):
    """``train_line``'s ``w``, ``b``, ``loss`` (all the data) and ``epochs`` at the start and every step."""

    diverged = property(lambda self: bool(self.note))
    steps = property(lambda self: np.arange(len(self.loss)))  # 0 is the start


def train_line(x, y, batch_size, learning_rate, steps=None, epochs=None, w=0.0, b=0.0, seed=0):
    """Mini-batch gradient descent for ``steps`` or ``epochs``, every step recorded; an overflow stops with a note."""
    w, b, x, y = _line(w, b, x, y)
    batch_size = validate.integer("batch_size", batch_size, minimum=1)
    learning_rate = validate.number("learning_rate", learning_rate, positive=True)
    if (steps is None) == (epochs is None):
        raise ValueError(_("give exactly one budget: steps=... (gradient evaluations) or epochs=..."))
    if steps is None:
        steps = validate.integer("epochs", epochs, minimum=1) * steps_per_epoch(len(x), batch_size)
    steps = validate.integer("steps", steps, minimum=1)
    rng = np.random.default_rng(validate.integer("seed", seed, minimum=0))
    rows, samples, note = [(w, b, _loss(w, b, x, y), 0.0)], 0, ""
    while len(rows) <= steps and not note:
        for xb, yb in minibatches(x, y, batch_size, seed=rng):   # one epoch
            grad_w, grad_b = _gradient(w, b, xb, yb)
            w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
            loss = _loss(w, b, x, y)
            if not math.isfinite(loss):
                note = _("Diverged: at step {step} the loss overflowed. The steps are too big for this batch size: "
                         "lower the learning rate.", step=len(rows))
                break
            samples += len(xb)
            rows.append((w, b, loss, samples / len(x)))
            if len(rows) > steps:
                break
    return Run(batch_size, learning_rate, *map(np.array, zip(*rows)), note)
