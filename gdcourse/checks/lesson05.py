"""Checks for lesson 05, "Linear regression with gradient descent": ``mse_gradient`` part by part (dw, db), and
``update(w, dw, lr)``, which must change the Variable ``w`` itself."""
import numpy as np

from gdcourse.course import datasets
from gdcourse.checks import core
from gdcourse.checks.core import (CheckResult, as_answer, call_guarded, check_function, check_value, compact,
                                  matches, no_answer, not_a_function)

__all__ = ["mse_gradient", "update", "stable_learning_rate"]


def _cases():
    rng = np.random.default_rng(5)
    x, y, _, _ = datasets.article000()
    return [
        (x, y, np.zeros((4, 1)), 0.0),                                  # the article's start
        (x, y, np.array([[0.5], [-1.0], [0.25], [2.0]]), -1.5),         # elsewhere, with a negative bias
        # three rows, two features (not square: X @ r without the transpose fails here)
        (np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 4.0]]), np.array([[1.0], [2.0], [-3.0]]),
         np.array([[0.3], [-0.7]]), 0.4),
        (np.array([[1.0], [2.0], [3.0], [4.0], [5.0]]), np.array([[2.0], [4.1], [5.9], [8.2], [9.9]]),
         np.array([[1.5]]), 0.5),
        (rng.normal(size=(6, 3)), rng.normal(size=(6, 1)), rng.normal(size=(3, 1)), float(rng.normal())),
    ]


GRADIENT_LABELS = ["mse_gradient on article 000's data at w = 0, b = 0",
                   "mse_gradient on article 000's data at w = [0.5, -1, 0.25, 2], b = -1.5",
                   "mse_gradient on 3 rows x 2 features", "mse_gradient on 5 rows x 1 feature",
                   "mse_gradient on random data, 6 rows x 3 features"]


def _gradient(dw, db):
    """The gradient made of a rule for dw and one for db, each given the misses r = X @ w + b - y and n."""
    def gradient(X, y, w, b):
        r = X @ w + b - y
        return dw(X, r, len(X)), db(r, len(X))
    return gradient


DW = {"right": lambda X, r, n: 2 / n * X.T @ r, "no 2": lambda X, r, n: X.T @ r / n,
      "no n": lambda X, r, n: 2 * X.T @ r, "sign": lambda X, r, n: -2 / n * X.T @ r}
DB = {"right": lambda r, n: 2 / n * np.sum(r), "no 2": lambda r, n: np.sum(r) / n,
      "no n": lambda r, n: 2 * np.sum(r), "sign": lambda r, n: -2 / n * np.sum(r), "sum": lambda r, n: np.sum(r)}

MSE_GRADIENT_MISTAKES = [  # (hint, wrong version, the parts compared: all unless given)
    ("You dropped the 2: the derivative of (miss)² is 2·miss, so dL/dw = (2/n)·Xᵀr and dL/db = (2/n)·Σr.",
     _gradient(DW["no 2"], DB["no 2"])),
    ("You forgot to divide by n, the number of rows: the loss is a *mean*, so its gradient is (2/n)·Xᵀr.",
     _gradient(DW["no n"], DB["no n"])),
    ("The signs are flipped: you used the miss y - prediction. With r = X @ w + b - y the gradient is (2/n)·Xᵀr.",
     _gradient(DW["sign"], DB["sign"])),
    ("dw is right, but db is not: the bias is added to every prediction, so db = (2/n)·Σr.",
     _gradient(DW["right"], DB["sum"]), [1]),
]
MSE_GRADIENT_MISTAKES += [  # one part wrong, the other right: compared on the wrong part only
    (f"{p} is off: {slip.format(p)} ({q} is right).", _gradient(DW[k], DB["right"]) if p == "dw"
     else _gradient(DW["right"], DB[k]), [i]) for k, slip in (("no 2", "you dropped the 2 in {} only"),
                                                             ("no n", "you forgot to divide {} by n"),
                                                             ("sign", "it has the wrong sign"))
    for i, (p, q) in enumerate((("dw", "db"), ("db", "dw")))]


def mse_gradient(learner_fn):
    """Check ``mse_gradient(X, y, w, b)``, which should return ``(dw, db)``."""
    return check_function(
        "mse_gradient", learner_fn, _cases(), _gradient(DW["right"], DB["right"]), MSE_GRADIENT_MISTAKES,
        parts=("dw", "db"), scalar_parts=(1,), labels=GRADIENT_LABELS, explain_error=lambda m: m + (
            " Check the shapes: X is (n, k) and r is (n, 1), so one slope per weight, (k, 1), is X.T @ r.")
        if any(word in m for word in ("matmul", "shapes", "broadcast")) else None,
        shape_advice="dw needs one slope per weight, shaped like w: (2/n) * X.T @ r with r of shape (n, 1).")


UPDATE_CASES = [  # (starting value of w, dw, lr); the first w is not 0, so assign and assign_add differ
    (np.array([[0.5], [-1.0]]), np.array([[2.0], [-4.0]]), 0.1),
    (np.array([3.0]), np.array([-6.0]), 0.25),
    (np.zeros((4, 1)), np.array([[-30.0], [-40.0], [-50.0], [-60.0]]), 0.01),  # the article's first gradient
]


def _update_hint(before, after, returned, dw, lr):
    """Name what the learner's update did to the Variable (None if nothing we recognise)."""
    if np.array_equal(after, before):
        returned = as_answer(returned)
        if returned is not None and matches(returned, before - lr * dw):
            return ("Your function computed the right new value and returned it, but the Variable w itself did not "
                    "change: the article's bug. `w - lr * dw` makes a *new* tensor; use `w.assign_sub(lr * dw)`.")
        return ("The Variable w did not change. `w - lr * dw` computes a new tensor and leaves w alone "
                "(the article's bug); use `w.assign_sub(lr * dw)`.")
    if matches(after, before + lr * dw):
        return "w moved uphill: you added lr * dw. Subtract it: `w.assign_sub(lr * dw)`."
    if matches(after, before - dw):
        return "w moved by the whole gradient: multiply it by the learning rate first, `lr * dw`."
    if matches(after, lr * dw) or matches(after, -lr * dw):
        return "`assign` replaces the value: w became the step itself. Use `w.assign_sub(lr * dw)`."
    if matches(after, before - 2 * lr * dw):
        return "w moved twice as far as it should: did you update it twice?"
    return None


def update(learner_fn):
    """Check ``update(w, dw, lr)``: afterwards the Variable ``w`` must hold ``w - lr * dw``."""
    from gdcourse.framework.tensor import Variable, constant

    if not callable(learner_fn):
        return not_a_function("update", learner_fn)
    for start, dw, lr in UPDATE_CASES:
        w = Variable(start, name="w")
        call = f"update(w, dw, lr) with w = {compact(start)}, dw = {compact(dw)}, lr = {lr:g}"
        outcome = call_guarded(learner_fn, (w, constant(dw), lr))
        problem = no_answer("update", call, outcome, core.TIMEOUT_SECONDS)
        if problem is not None:
            if outcome.kind == "error" and ("attribute 'sub'" in outcome.value or "attribute 'mul'" in outcome.value):
                return CheckResult("update", "fail", problem.message + " gdcourse uses Python's operators, not "
                                   "TensorFlow.js's .sub() and .mul(): write `w.assign_sub(lr * dw)`.")
            return problem
        after = w.numpy()
        if not matches(after, start - lr * dw):
            return CheckResult("update", "fail", _update_hint(start, after, outcome.value, dw, lr) or
                               f"after {call} the Variable holds {compact(after)}, but it should hold "
                               f"{compact(start - lr * dw)} (w - lr * dw).")
    return CheckResult("update", "pass", "the Variable itself now changes on every call: "
                                         "this is the update the article meant to write.")


def stable_learning_rate(value):
    """Check the largest stable learning rate for article 000's data (with the bias)."""
    x = datasets.article000()[0]
    n, Xt = len(x), np.hstack([x, np.ones((len(x), 1))])
    lam = np.linalg.eigvalsh(2 / n * Xt.T @ Xt)
    lam_no_bias = np.linalg.eigvalsh(2 / n * x.T @ x)
    hints = [
        ("That is the answer without the bias: add a column of ones to X (the bias bends the bowl too).",
         2 / lam_no_bias.max()),
        ("That is 1/λ_max, half the boundary: the 2 of `2 / λ_max` or the Hessian's factor 2/n is missing.",
         1 / lam.max()),
        ("That is λ_max itself, the steepest curvature. The learning rate must stay below 2 / λ_max.", lam.max()),
        ("You used the smallest curvature; the boundary is set by the *steepest* direction, the largest eigenvalue.",
         2 / lam[lam > 1e-9].min()),
        ("The Hessian of the MSE is (2/n)·X̃ᵀX̃; with 1/n instead of 2/n the rate comes out twice as big.",
         4 / lam.max()),
        ("Those look like singular values of X̃; build the Hessian (2/n)·X̃ᵀX̃ and use np.linalg.eigvalsh on it.",
         2 / np.linalg.svd(Xt, compute_uv=False).max()),
        ("2 / trace(H) is a safe learning rate, but not the boundary: use the largest eigenvalue itself.",
         2 / np.trace(2 / n * Xt.T @ Xt)),
        ("That is the answer without the bias and without the 2.", 1 / lam_no_bias.max()),
    ]
    boundary = 2 / lam.max()

    def explain(v):
        if np.isfinite(v) and not 0 < v <= 1e6:
            return f"{v:.6g} cannot be right: it comes from the smallest eigenvalue (0 here), not the largest."
        if abs(v / boundary - 1) < 0.01:  # the boundary rounded, as the lesson prints it: which side of it?
            return (f"Close: {v:.6g} is just below the boundary (stable, not quite the largest)" if v < boundary
                    else f"{v:.6g} is past the boundary, so it diverges") + ". Compute it; don't copy a rounded print."
    return check_value("stable_lr", value, boundary, rtol=1e-9, hints=hints, explain=explain)
