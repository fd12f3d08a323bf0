"""Checks for lesson 07, "Beyond plain SGD": each returns the new weights and the optimizer's new state,
compared part by part. The update rules are Keras 3's (``gdcourse/framework/optimizers``)."""
import math

import numpy as np

from gdcourse.checks.core import check_function

__all__ = ["momentum_step", "adam_step"]

MOMENTUM_CASES = [  # (w, velocity, grad, lr, beta): velocity is not 0, lr is not 1, beta is not 0
    (np.array([1.0, -2.0]), np.array([0.5, 0.25]), np.array([3.0, -1.0]), 0.1, 0.9),
    (np.array([[0.5], [4.0], [-1.0]]), np.array([[-0.2], [0.0], [0.3]]), np.array([[1.0], [2.0], [-0.5]]), 0.05, 0.5),
    (np.array([2.0]), np.array([-1.0]), np.array([0.0]), 0.3, 0.8),   # no slope: only the velocity moves w
    (np.array([0.0, 0.0]), np.array([0.0, 0.0]), np.array([2.0, -4.0]), 0.01, 0.99),  # the first step
]
MOMENTUM_LABELS = [
    "momentum_step(w=[1, -2], velocity=[0.5, 0.25], grad=[3, -1], lr=0.1, beta=0.9)",
    "momentum_step on a (3, 1) column, lr=0.05, beta=0.5",
    "momentum_step(w=[2], velocity=[-1], grad=[0], lr=0.3, beta=0.8)",
    "momentum_step(w=[0, 0], velocity=[0, 0], grad=[2, -4], lr=0.01, beta=0.99) (the first step)",
]


def _momentum(w, velocity, grad, lr, beta):
    velocity = beta * velocity - lr * grad   # Keras: the velocity is the step itself
    return w + velocity, velocity


_KERAS = "velocity = beta * velocity - lr * grad, then w = w + velocity"
MOMENTUM_MISTAKES = [
    ("Both come out going uphill: the velocity must *subtract* lr * grad: " + _KERAS + ".",
     lambda w, v, g, lr, b: (w + (b * v + lr * g), b * v + lr * g)),
    ("Your new w is right, but your velocity has the opposite sign (PyTorch's convention). This course "
     "follows Keras: " + _KERAS + ", so the velocity points the way w moves.",
     lambda w, v, g, lr, b: (w - (b * v + lr * g), b * v + lr * g)),
    ("The old velocity has to be multiplied by beta before the new push is added: " + _KERAS + ".",
     lambda w, v, g, lr, b: (w + v - lr * g, v - lr * g)),
    ("You used the 'moving average' convention with (1 - beta) * lr * grad: legitimate, but not Keras': " + _KERAS
     + ".", lambda w, v, g, lr, b: (w + b * v - (1 - b) * lr * g, b * v - (1 - b) * lr * g)),
    ("You used the 'moving average' convention, velocity = beta * velocity + (1 - beta) * grad: legitimate, "
     "but not Keras': " + _KERAS + ".", lambda w, v, g, lr, b: (w - lr * (b * v + (1 - b) * g), b * v + (1 - b) * g)),
    ("Your velocity is right, but w moved with the *old* velocity: update the velocity first.",
     lambda w, v, g, lr, b: (w + v, b * v - lr * g)),
    ("That is Nesterov momentum: next in this lesson, but this exercise asks for plain momentum, w = w + velocity.",
     lambda w, v, g, lr, b: (w + b * (b * v - lr * g) - lr * g, b * v - lr * g)),
    ("The learning rate is missing: the push is lr * grad, not grad.",
     lambda w, v, g, lr, b: (w + b * v - g, b * v - g)),
    ("Your velocity is right, but w is not: w = w + velocity (the velocity is already the whole step).",
     lambda w, v, g, lr, b: (w - (b * v - lr * g), b * v - lr * g), [1]),
]


def momentum_step(learner_fn):
    """Check ``momentum_step(w, velocity, grad, lr, beta)``, which returns ``(new_w, new_velocity)``."""
    return check_function("momentum_step", learner_fn, MOMENTUM_CASES, _momentum, MOMENTUM_MISTAKES,
                          parts=("new_w", "new_velocity"), labels=MOMENTUM_LABELS)


ADAM_CASES = [  # (w, m, v, grad, t, lr, beta_1, beta_2, epsilon)
    (np.array([1.0, -2.0]), np.zeros(2), np.zeros(2), np.array([3.0, -0.5]), 1, 0.1, 0.9, 0.999, 1e-7),
    (np.array([0.5, 1.5, -1.0]), np.array([0.2, -0.1, 0.05]), np.array([0.04, 0.01, 0.3]),
     np.array([1.0, 2.0, -0.5]), 2, 0.01, 0.9, 0.999, 1e-7),
    # a big epsilon, so where it goes (inside or outside the root) makes a difference
    (np.array([[2.0], [-1.0]]), np.array([[0.5], [0.1]]), np.array([[0.2], [0.5]]),
     np.array([[-1.0], [0.25]]), 10, 0.05, 0.8, 0.9, 0.5),
    (np.array([0.0]), np.array([-0.3]), np.array([0.09]), np.array([0.7]), 3, 0.2, 0.5, 0.75, 0.1),
]
ADAM_LABELS = [
    "adam_step, first step (t=1) from m = v = 0, Keras defaults, lr=0.1",
    "adam_step at t=2, lr=0.01, Keras defaults",
    "adam_step at t=10 on a (2, 1) column, beta_1=0.8, beta_2=0.9, epsilon=0.5",
    "adam_step at t=3, lr=0.2, beta_1=0.5, beta_2=0.75, epsilon=0.1",
]


def _keras(eps_inside=False, swap_alpha=False):
    """Keras 3's Adam (bias corrections folded into the step size alpha_t), or one slip in it."""
    def step(w, m, v, g, t, lr, b1, b2, eps):
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        c1, c2 = (1 - b2 ** t, 1 - b1 ** t) if swap_alpha else (1 - b1 ** t, 1 - b2 ** t)
        return w - lr * math.sqrt(c2) / c1 * m / (np.sqrt(v + eps) if eps_inside else np.sqrt(v) + eps), m, v
    return step


def _paper(correct_m=True, correct_v=True, t_shift=0, eps_inside=False, swap=False, square=True,
           keep_one_minus=True, old_moments=False):
    """The paper's Algorithm 1 (m and v bias-corrected themselves), or one slip in it."""
    def step(w, m, v, g, t, lr, b1, b2, eps):
        if swap:
            b1, b2 = b2, b1
        g2 = g * g if square else g
        new_m = b1 * m + ((1 - b1) * g if keep_one_minus else g)
        new_v = b2 * v + ((1 - b2) * g2 if keep_one_minus else g2)
        use_m, use_v = (m, v) if old_moments else (new_m, new_v)
        m_hat = use_m / (1 - b1 ** (t + t_shift)) if correct_m else use_m
        v_hat = use_v / (1 - b2 ** (t + t_shift)) if correct_v else use_v
        return w - lr * m_hat / (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps), new_m, new_v
    return step


_EPS_INSIDE = "epsilon went inside the square root, sqrt(v + epsilon). Adam adds it outside: m / (sqrt(v) + epsilon)."
_SWAPPED = "beta_1 and beta_2 are swapped: beta_1 (0.9) belongs to m, beta_2 (0.999) to v."
ADAM_MISTAKES = [
    ("No bias correction: m and v start at 0, so early on they are far too small. Use "
     "alpha_t = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t).", _paper(correct_m=False, correct_v=False)),
    ("Only m got its bias correction; v needs one too (the sqrt(1 - beta_2**t) in alpha_t).", _paper(correct_v=False)),
    ("Only v got its bias correction; m needs one too (the 1 / (1 - beta_1**t) in alpha_t).", _paper(correct_m=False)),
    ("Your bias correction uses t - 1: t is the number of this step, counting from 1.", _paper(t_shift=-1)),
    ("Your bias correction uses t + 1: t is already the number of this step, counting from 1.", _paper(t_shift=1)),
    (_EPS_INSIDE, _keras(eps_inside=True)),
    (_EPS_INSIDE, _paper(eps_inside=True)),
    (_SWAPPED, _paper(swap=True)),
    (_SWAPPED, _keras(swap_alpha=True)),
    ("v must average the *squared* gradients: v = beta_2 * v + (1 - beta_2) * grad**2.", _paper(square=False)),
    ("The moving averages lost their (1 - beta) factors: m = beta_1 * m + (1 - beta_1) * grad, likewise v.",
     _paper(keep_one_minus=False)),
    ("Your new m and v are right, but w moved with the *old* m and v: update them first.", _paper(old_moments=True)),
]


def adam_step(learner_fn):
    """Check ``adam_step(w, m, v, grad, t, lr, beta_1, beta_2, epsilon)``, returning ``(new_w, new_m, new_v)``."""
    return check_function(
        "adam_step", learner_fn, ADAM_CASES, _keras(), ADAM_MISTAKES, parts=("new_w", "new_m", "new_v"),
        labels=ADAM_LABELS, explain_error=lambda message: message + (
            " With t = 1, 1 - beta**(t - 1) is 0: t counts from 1, so use beta_1**t and beta_2**t.")
        if "division by zero" in message else None,
        accept=[("You wrote the paper's form (m_hat, v_hat); Keras folds the corrections into alpha_t. Both are Adam.",
                 _paper())])
