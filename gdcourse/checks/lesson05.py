"""Checks for lesson 05: ``mse_gradient`` part by part (dw, db), ``update`` (changes the Variable w itself),
the stable rate and two predictions."""
import numpy as np

from gdcourse.course import datasets
from gdcourse.checks import core
from gdcourse.checks.core import (CheckResult, as_answer, call_guarded, check_function, check_value, compact,
                                  matches, no_answer, not_a_function)
from gdcourse.locale import N_, _

__all__ = ["mse_gradient", "update", "stable_learning_rate", "predict_first_cost", "predict_lowest_loss"]


def _cases():
    rng = np.random.default_rng(5)
    x, y, *_unused = datasets.article000()
    return [
        (x, y, np.zeros((4, 1)), 0.0),                                  # the article's start
        (x, y, np.array([[0.5], [-1.0], [0.25], [2.0]]), -1.5),         # elsewhere, with a negative bias
        (np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 4.0]]), np.array([[1.0], [2.0], [-3.0]]),  # not square:
         np.array([[0.3], [-0.7]]), 0.4),                                # X @ r without the transpose fails
        (np.array([[1.0], [2.0], [3.0], [4.0], [5.0]]), np.array([[2.0], [4.1], [5.9], [8.2], [9.9]]),
         np.array([[1.5]]), 0.5),
        (rng.normal(size=(6, 3)), rng.normal(size=(6, 1)), rng.normal(size=(3, 1)), float(rng.normal()))]


GRADIENT_LABELS = [N_("mse_gradient on article 000's data at w = 0, b = 0"),
                   N_("mse_gradient on article 000's data at w = [0.5, -1, 0.25, 2], b = -1.5"),
                   N_("mse_gradient on 3 rows x 2 features"), N_("mse_gradient on 5 rows x 1 feature"),
                   N_("mse_gradient on random data, 6 rows x 3 features")]


def _gradient(dw, db):  # a rule for dw and one for db, each given the misses r = X @ w + b - y and n
    return lambda X, y, w, b: (dw(X, X @ w + b - y, len(X)), db(X @ w + b - y, len(X)))


DW = {"right": lambda X, r, n: 2 / n * X.T @ r, "no 2": lambda X, r, n: X.T @ r / n,
      "no n": lambda X, r, n: 2 * X.T @ r, "sign": lambda X, r, n: -2 / n * X.T @ r}
DB = {"right": lambda r, n: 2 / n * np.sum(r), "no 2": lambda r, n: np.sum(r) / n,
      "no n": lambda r, n: 2 * np.sum(r), "sign": lambda r, n: -2 / n * np.sum(r), "sum": lambda r, n: np.sum(r)}

MSE_GRADIENT_MISTAKES = [  # (hint, wrong version, the parts compared: all unless given)
    (N_("You dropped the 2: the derivative of (miss)² is 2·miss, so dL/dw = (2/n)·Xᵀr and dL/db = (2/n)·Σr."),
     _gradient(DW["no 2"], DB["no 2"])),
    (N_("You forgot to divide by n, the number of rows: the loss is a *mean*, so its gradient is (2/n)·Xᵀr."),
     _gradient(DW["no n"], DB["no n"])),
    (N_("The signs are flipped: you used the miss y - prediction. With r = X @ w + b - y the gradient is "
        "(2/n)·Xᵀr."),
     _gradient(DW["sign"], DB["sign"])),
    (N_("dw is right, but db is not: the bias is added to every prediction, so db = (2/n)·Σr."),
     _gradient(DW["right"], DB["sum"]), [1]),
]
ONE_PART_WRONG = {  # one part wrong, the other right: compared on the wrong part only
    "no 2": lambda p, q: N_("{part} is off: you dropped the 2 in {part} only ({other} is right).", part=p, other=q),
    "no n": lambda p, q: N_("{part} is off: you forgot to divide {part} by n ({other} is right).", part=p, other=q),
    "sign": lambda p, q: N_("{part} is off: it has the wrong sign ({other} is right).", part=p, other=q)}
MSE_GRADIENT_MISTAKES += [
    (hint(p, q), _gradient(DW[k], DB["right"]) if p == "dw" else _gradient(DW["right"], DB[k]), [i])
    for k, hint in ONE_PART_WRONG.items() for i, (p, q) in enumerate((("dw", "db"), ("db", "dw")))]


def mse_gradient(learner_fn):
    """Check ``mse_gradient(X, y, w, b)``, which should return ``(dw, db)``."""
    return check_function(
        "mse_gradient", learner_fn, _cases(), _gradient(DW["right"], DB["right"]), MSE_GRADIENT_MISTAKES,
        parts=("dw", "db"), scalar_parts=(1,), labels=GRADIENT_LABELS, explain_error=lambda m: m + " " + _(
            "Check the shapes: X is (n, k) and r is (n, 1), so one slope per weight, (k, 1), is X.T @ r.")
        if any(word in m for word in ("matmul", "shapes", "broadcast")) else None,
        shape_advice=N_("dw needs one slope per weight, shaped like w: (2/n) * X.T @ r with r of shape (n, 1)."))


UPDATE_CASES = [  # (starting value of w, dw, lr); the first w is not 0, so assign and assign_add differ
    (np.array([[0.5], [-1.0]]), np.array([[2.0], [-4.0]]), 0.1),
    (np.array([3.0]), np.array([-6.0]), 0.25),
    (np.zeros((4, 1)), np.array([[-30.0], [-40.0], [-50.0], [-60.0]]), 0.01),  # the article's first gradient
]


def _update_hint(before, after, returned, dw, lr):
    """Name what the learner's update did to the Variable (None if nothing we recognise)."""
    if np.array_equal(after, before):
        if (returned := as_answer(returned)) is not None and matches(returned, before - lr * dw):
            return _("Your function computed the right new value and returned it, but the Variable w itself did not "
                     "change: the article's bug. `w - lr * dw` makes a *new* tensor; use `w.assign_sub(lr * dw)`.")
        return _("The Variable w did not change. `w - lr * dw` computes a new tensor and leaves w alone "
                 "(the article's bug); use `w.assign_sub(lr * dw)`.")
    if matches(after, before + lr * dw):
        return _("w moved uphill: you added lr * dw. Subtract it: `w.assign_sub(lr * dw)`.")
    if matches(after, before - dw):
        return _("w moved by the whole gradient: multiply it by the learning rate first, `lr * dw`.")
    if matches(after, lr * dw) or matches(after, -lr * dw):
        return _("`assign` replaces the value: w became the step itself. Use `w.assign_sub(lr * dw)`.")
    if matches(after, before - 2 * lr * dw):
        return _("w moved twice as far as it should: did you update it twice?")
    return None


def update(learner_fn):
    """Check ``update(w, dw, lr)``: afterwards the Variable ``w`` must hold ``w - lr * dw``."""
    from gdcourse.framework.tensor import Variable, constant

    if not callable(learner_fn):
        return not_a_function("update", learner_fn)
    for start, dw, lr in UPDATE_CASES:
        w = Variable(start, name="w")
        call = _("update(w, dw, lr) with w = {w}, dw = {dw}, lr = {lr:g}", w=compact(start), dw=compact(dw), lr=lr)
        outcome = call_guarded(learner_fn, (w, constant(dw), lr))
        problem = no_answer("update", call, outcome, core.TIMEOUT_SECONDS)
        if problem is not None:
            if outcome.kind == "error" and ("attribute 'sub'" in outcome.value or "attribute 'mul'" in outcome.value):
                return CheckResult("update", "fail", problem.message + " " + _(
                    "gdcourse uses Python's operators, not TensorFlow.js's .sub() and .mul(): write "
                    "`w.assign_sub(lr * dw)`."))
            return problem
        after = w.numpy()
        if not matches(after, start - lr * dw):
            return CheckResult("update", "fail", _update_hint(start, after, outcome.value, dw, lr) or _(
                "after {call} the Variable holds {after}, but it should hold {right} (w - lr * dw).", call=call,
                after=compact(after), right=compact(start - lr * dw)))
    return CheckResult("update", "pass", _("the Variable itself now changes: the update the article meant to write."))


def stable_learning_rate(value):
    """Check the largest stable learning rate for article 000's data (with the bias)."""
    x = datasets.article000()[0]
    n, Xt = len(x), np.hstack([x, np.ones((4, 1))])
    lam = np.linalg.eigvalsh(2 / n * Xt.T @ Xt)
    lam_no_bias = np.linalg.eigvalsh(2 / n * x.T @ x)
    hints = [(_("That is the rate without the bias: add a column of ones to X."), 2 / lam_no_bias.max()),
        (_("That is 1/λ_max, half the boundary: the 2 of `2 / λ_max` (or of 2/n) is missing."), 1 / lam.max()),
        (_("That is λ_max itself, the steepest curvature. The learning rate must stay below 2 / λ_max."), lam.max()),
        (_("That is the smallest curvature's; the *steepest* direction sets the limit."), 2 / lam[lam > 1e-9].min()),
        (_("With 1/n instead of 2/n in the matrix (2/n)·X̃ᵀX̃ the rate comes out twice as big."), 4 / lam.max()),
        (_("Those look like singular values of X̃; use the eigenvalues of (2/n)·X̃ᵀX̃ (np.linalg.eigvalsh)."),
         2 / np.linalg.svd(Xt, compute_uv=False).max()),
        (_("2 / trace(H) is safe, but not the boundary: use the largest curvature."), 2 / np.trace(2 / n * Xt.T @ Xt)),
        (_("That is the answer without the bias and without the 2."), 1 / lam_no_bias.max())]
    boundary = 2 / lam.max()

    def explain(v):
        if np.isfinite(v) and not 0 < v <= 1e6:
            return _("{value:.6g} cannot be right: it comes from the smallest eigenvalue (0 here), not the largest.",
                     value=v)
        if abs(v / boundary - 1) < 0.01:  # the boundary rounded, as the lesson prints it: which side of it?
            return (_("Close: {value:.6g} is just below the boundary (stable, not quite the largest). Compute it; "
                      "don't copy a rounded print.", value=v) if v < boundary else
                    _("{value:.6g} is past the boundary, so it diverges. Compute it; don't copy a rounded print.",
                      value=v))
    return check_value("stable_lr", value, boundary, rtol=1e-9, hints=hints, explain=explain)


def predict_first_cost(value):
    """Prediction: the cost after one step at learning rate 0.1 from zeros on article 000's data."""
    return check_value("my_prediction", value, 5649.0, praise=N_("From 30 to 5649: it overshot; 0.1 diverges."), hints=[
        (N_("30 is the cost before the update: after it, w = -0.1·dw = [3, 4, 5, 6] and b = 1."), 30),
        (N_("You forgot the learning rate: that is the cost after a whole-gradient step."), 640230),
        (N_("You moved the weights but not the bias: b = 0 - 0.1·(-10) = 1."), 5504),
        (N_("That is a step with the gradient's 2 dropped; dw = [-30, -40, -50, -60]."), 1217.25)])


def predict_lowest_loss(value):
    """Prediction: which of 0.5, 0.99, 1.01 times 2/lambda_max ends lowest after 1000 steps."""
    return check_value("my_prediction", value, 0.99, praise=N_("Closest to the boundary while still below it."), hints=[
        (N_("0.5 is safe, but the gently curved direction shrinks by 1 - lr·0.804 a step: slower at a smaller lr."),
         0.5),
        (N_("1.01 is past the boundary: the steepest direction grows by |1 - lr·λ_max| > 1 every step."), 1.01)])
