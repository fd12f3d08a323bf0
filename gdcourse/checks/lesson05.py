"""Checks for lesson 05, "Linear regression with gradient descent".

- ``mse_gradient(X, y, w, b)`` returns two things, ``(dw, db)``, so it is
  checked with ``check_parts``: each part is compared on its own, and a
  mistake can be named even when only one of the two parts is wrong.
- ``update(w, dw, lr)`` must *change the Variable* ``w``; what it returns
  does not matter. The check hands it a fresh Variable and looks at it
  afterwards.
- ``stable_learning_rate`` is one number, checked with ``check_value``.
"""
import numpy as np

from gdcourse.course import linear
from gdcourse.checks import core
from gdcourse.checks.core import CheckResult, as_answer, call_guarded, check_value, describe_call, no_answer

__all__ = ["mse_gradient", "update", "stable_learning_rate"]


# --- a check for functions that return several things -------------------------------------

def _same(answer, expected, rtol=1e-9, atol=1e-12):
    """Equal values (NaN equals NaN, so a wrong version that divides by 0 can still be named)."""
    answer, expected = np.asarray(answer, dtype=float), np.asarray(expected, dtype=float)
    return (answer.shape == expected.shape
            and bool(np.allclose(answer, expected, rtol=rtol, atol=atol, equal_nan=True)))


def _copy(args):
    # Each call gets its own copies, so a function that edits its inputs in place
    # cannot change the next case (or the reference answer).
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def check_parts(name, learner_fn, cases, reference, parts, mistakes=(), rtol=1e-9,
                scalar_parts=(), explain_error=None, accept=(), labels=None):
    """Check a function returning a tuple, e.g. ``(dw, db)``, part by part.

    ``reference(*args)`` returns the right tuple; ``parts`` names its items
    (used in messages and in the learner's ``return``). A part listed in
    ``scalar_parts`` may come back as a number or as any array holding one
    number; every other part must have the reference's shape exactly.

    ``mistakes`` is a list of ``(hint, wrong_fn, compared)``: when, on every
    case, the parts listed in ``compared`` (indices; None means all) match
    ``wrong_fn``'s, the hint names the mistake. ``accept`` lists
    ``(note, other_fn)``: other right answers (another correct convention),
    which pass with the note added. ``explain_error(message)`` may turn an
    exception's message into a hint (or return None). ``labels`` (one short
    description per case) replaces the printed call, for cases whose
    arguments are too big to print.
    """
    if not callable(learner_fn):
        return CheckResult(name, "fail", f"pass your function itself, e.g. checks.{name}({name}); "
                                         f"got a {type(learner_fn).__name__} instead.")
    want = ", ".join(parts)
    answers, printed = [], False
    labels = labels or [describe_call(name, args) for args in cases]
    for args, call in zip(cases, labels):
        outcome = call_guarded(learner_fn, _copy(args))
        problem = no_answer(name, call, outcome, core.TIMEOUT_SECONDS)
        if problem is not None:
            extra = explain_error(outcome.value) if explain_error and outcome.kind == "error" else None
            return CheckResult(name, "fail", f"{problem.message} {extra}") if extra else problem
        printed = printed or bool(outcome.printed)
        value = outcome.value
        if value is None:
            return CheckResult(name, "fail", f"{call} returned None. Did you forget `return {want}`?")
        if not isinstance(value, (tuple, list)) or len(value) != len(parts):
            return CheckResult(name, "fail", f"{call} should return {len(parts)} things, "
                                             f"`return {want}`; it returned {_describe(value)}.")
        expected = [np.asarray(e, dtype=float) for e in reference(*_copy(args))]
        got = []
        for i, (part, item, exp) in enumerate(zip(parts, value, expected)):
            answer = as_answer(item)
            if answer is None:
                return CheckResult(name, "fail", f"{call}: {part} is a {type(item).__name__}; "
                                                 "it should be numbers.")
            if i in scalar_parts:
                if answer.size != 1:
                    return CheckResult(name, "fail", f"{call}: {part} has shape {answer.shape}; it should be "
                                                     "one number. Add up (np.sum) over the data points.")
                answer = answer.reshape(exp.shape)
            elif answer.shape != exp.shape:
                return CheckResult(name, "fail", f"{call}: {part} has shape {answer.shape}, but it should "
                                                 f"have shape {exp.shape}.")
            got.append(answer)
        answers.append((args, got, expected, call))

    def all_match(fn, compared=None):
        for args, got, _, _ in answers:
            try:
                with np.errstate(all="ignore"):
                    other = [np.asarray(o, dtype=float) for o in fn(*_copy(args))]
            except (ArithmeticError, ValueError):  # a wrong version may not even run on every case
                return False
            for i in (range(len(parts)) if compared is None else compared):
                if not _same(got[i].reshape(np.shape(other[i])) if got[i].size == np.size(other[i])
                             else got[i], other[i], rtol):
                    return False
        return True

    extra = (" (It also printed something: fine for debugging, but a function should return its "
             "answer.)") if printed else ""
    if all_match(reference):
        return CheckResult(name, "pass", f"all {len(cases)} cases are right.{extra}")
    for note, other_fn in accept:
        if all_match(other_fn):
            return CheckResult(name, "pass", f"all {len(cases)} cases are right. {note}{extra}")
    for hint, wrong_fn, compared in mistakes:
        if all_match(wrong_fn, compared):
            return CheckResult(name, "fail", hint)
    for args, got, expected, call in answers:
        for part, answer, exp in zip(parts, got, expected):
            if not _same(answer, exp, rtol):
                off = sum(not all(_same(g, e, rtol) for g, e in zip(gs, es)) for _, gs, es, _ in answers)
                return CheckResult(name, "fail",
                                   f"{call}: {part} is {compact(answer)}, but the right {part} is "
                                   f"{compact(exp)}. {off} of {len(cases)} cases are off.")
    return CheckResult(name, "fail", "some answers are off.")  # not reached: all_match was False


def compact(a):
    """An array on one line: ``[1.5, -2.0] (shape (2, 1))``; a number as a number."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return f"{float(a):.6g}"
    numbers = ", ".join(f"{v:.6g}" for v in a.ravel())
    return f"[{numbers}]" + (f" (shape {a.shape})" if a.ndim > 1 else "")


def _describe(value):
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} item(s)"
    if isinstance(value, np.ndarray):
        return f"one array of shape {value.shape}"
    return f"a {type(value).__name__}"


# --- mse_gradient(X, y, w, b) -> (dw, db) ----------------------------------------------------

GRADIENT_LABELS = [
    "mse_gradient on article 000's data at w = 0, b = 0",
    "mse_gradient on article 000's data at w = [0.5, -1, 0.25, 2], b = -1.5",
    "mse_gradient on 3 rows x 2 features",
    "mse_gradient on 5 rows x 1 feature",
    "mse_gradient on random data, 6 rows x 3 features",
]


def _cases():
    rng = np.random.default_rng(5)
    article_x, article_y, _, _ = _article000()
    return [
        # the article's data at the article's start (w = 0, b = 0)
        (article_x, article_y, np.zeros((4, 1)), 0.0),
        # the article's data somewhere else, with a negative bias
        (article_x, article_y, np.array([[0.5], [-1.0], [0.25], [2.0]]), -1.5),
        # three rows, two features (not square: X @ r without the transpose fails here)
        (np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 4.0]]), np.array([[1.0], [2.0], [-3.0]]),
         np.array([[0.3], [-0.7]]), 0.4),
        # one feature, five rows
        (np.array([[1.0], [2.0], [3.0], [4.0], [5.0]]), np.array([[2.0], [4.1], [5.9], [8.2], [9.9]]),
         np.array([[1.5]]), 0.5),
        # random data, 6 rows x 3 features
        (rng.normal(size=(6, 3)), rng.normal(size=(6, 1)), rng.normal(size=(3, 1)), float(rng.normal())),
    ]


def _article000():
    from gdcourse.course import datasets
    return datasets.article000()


def _residual(X, y, w, b):
    return X @ w + b - y


def _reference_gradient(X, y, w, b):
    return linear.mse_gradient(X, y, w, b)


def _with(dw_rule, db_rule):
    """A version of the gradient built from a rule for dw and one for db (given r and n)."""
    def gradient(X, y, w, b):
        r, n = _residual(X, y, w, b), len(X)
        return dw_rule(X, r, n), db_rule(r, n)
    return gradient


def _right_dw(X, r, n):
    return 2 / n * X.T @ r


def _right_db(r, n):
    return 2 / n * np.sum(r)


MSE_GRADIENT_MISTAKES = [
    ("You dropped the 2: the derivative of (miss)² is 2·miss, so dL/dw = (2/n)·Xᵀr and "
     "dL/db = (2/n)·Σr. (Without it the slope is half as steep; lesson 03's article made the same slip.)",
     _with(lambda X, r, n: X.T @ r / n, lambda r, n: np.sum(r) / n), None),
    ("You forgot to divide by n, the number of rows: the loss is a *mean*, so its gradient is "
     "(2/n)·Xᵀr, not 2·Xᵀr.",
     _with(lambda X, r, n: 2 * X.T @ r, lambda r, n: 2 * np.sum(r)), None),
    ("The signs are flipped: you used the miss y - prediction. With r = X @ w + b - y "
     "(prediction minus target) the gradient is (2/n)·Xᵀr and points uphill, as a gradient should.",
     _with(lambda X, r, n: -2 / n * X.T @ r, lambda r, n: -2 / n * np.sum(r)), None),
    ("dw is right, but db is not: the bias is added to every prediction, so its slope adds up "
     "all the misses: db = (2/n)·Σr.", _with(_right_dw, lambda r, n: np.sum(r)), [1]),
    ("dw is off: you dropped the 2 in dw only (db has it).", _with(lambda X, r, n: X.T @ r / n, _right_db), [0]),
    ("db is off: you dropped the 2 in db only (dw has it).", _with(_right_dw, lambda r, n: np.sum(r) / n), [1]),
    ("dw is off: you forgot to divide dw by n (db is right).", _with(lambda X, r, n: 2 * X.T @ r, _right_db), [0]),
    ("db is off: you forgot to divide db by n (dw is right).", _with(_right_dw, lambda r, n: 2 * np.sum(r)), [1]),
    ("dw is off: it has the wrong sign (db is right). Use r = X @ w + b - y for both.",
     _with(lambda X, r, n: -2 / n * X.T @ r, _right_db), [0]),
    ("db is off: it has the wrong sign (dw is right). Use r = X @ w + b - y for both.",
     _with(_right_dw, lambda r, n: -2 / n * np.sum(r)), [1]),
]


def _explain_gradient_error(message):
    if "matmul" in message or "shapes" in message or "broadcast" in message:
        return ("Check the shapes: X is (n, k) and the misses r are (n, 1), so the product that "
                "gives one slope per weight, shape (k, 1), is X.T @ r.")
    return None


def mse_gradient(learner_fn):
    """Check ``mse_gradient(X, y, w, b)``, which should return ``(dw, db)``."""
    result = check_parts("mse_gradient", learner_fn, _cases(), _reference_gradient, ("dw", "db"),
                         mistakes=MSE_GRADIENT_MISTAKES, scalar_parts=(1,),
                         explain_error=_explain_gradient_error, labels=GRADIENT_LABELS)
    if result.status == "fail" and "dw has shape" in result.message:
        return CheckResult(result.name, "fail", result.message +
                           " dw needs one slope per weight, shaped like w: (2/n) * X.T @ r with r of "
                           "shape (n, 1). A (1, k) row means X.T and r were swapped, or r was flattened.")
    return result


# --- update(w, dw, lr): fix the article's update line ---------------------------------------

UPDATE_CASES = [  # (starting value of w, dw, lr); the first w is not 0, so assign and assign_add differ
    (np.array([[0.5], [-1.0]]), np.array([[2.0], [-4.0]]), 0.1),
    (np.array([3.0]), np.array([-6.0]), 0.25),
    (np.zeros((4, 1)), np.array([[-30.0], [-40.0], [-50.0], [-60.0]]), 0.01),  # the article's first gradient
]


def _update_hint(before, after, returned, dw, lr):
    """Name what the learner's update did to the Variable (None if nothing we recognise)."""
    right = before - lr * dw
    if np.array_equal(after, before):
        if returned is not None and as_answer(returned) is not None and _same(as_answer(returned), right):
            return ("Your function computed the right new value and returned it, but the Variable w "
                    "itself did not change. That is exactly the article's bug: `w - lr * dw` (like "
                    "`w.sub(dw.mul(lr))` in TensorFlow.js) makes a *new* tensor, and `w = ...` inside "
                    "the function only gives that new tensor the local name w. Change the Variable "
                    "itself: `w.assign_sub(lr * dw)`.")
        return ("The Variable w did not change. `w - lr * dw` computes a new tensor and leaves w alone "
                "(the article's bug); a Variable changes only through its methods: "
                "`w.assign_sub(lr * dw)`.")
    if _same(after, before + lr * dw):
        return ("w moved uphill: you added lr * dw. The gradient points uphill, so subtract it: "
                "`w.assign_sub(lr * dw)`.")
    if _same(after, before - dw):
        return "w moved by the whole gradient: multiply it by the learning rate first, `lr * dw`."
    if _same(after, lr * dw) or _same(after, -lr * dw):
        return ("`assign` replaces the value: w became the step itself. Use `w.assign_sub(lr * dw)` "
                "(or `w.assign(w - lr * dw)`).")
    if _same(after, before - 2 * lr * dw):
        return ("w moved twice as far as it should: did you update it twice, e.g. "
                "`w.assign_sub(...)` and then `w.assign(w - ...)`?")
    return None


def update(learner_fn):
    """Check ``update(w, dw, lr)``: afterwards the Variable ``w`` must hold ``w - lr * dw``."""
    from gdcourse.framework.tensor import Variable, constant

    name = "update"
    if not callable(learner_fn):
        return CheckResult(name, "fail", f"pass your function itself, e.g. checks.update(update); "
                                         f"got a {type(learner_fn).__name__} instead.")
    for start, dw, lr in UPDATE_CASES:
        w = Variable(start, name="w")
        call = f"update(w, dw, lr) with w = {compact(start)}, dw = {compact(dw)}, lr = {lr:g}"
        outcome = call_guarded(learner_fn, (w, constant(dw), lr))
        problem = no_answer(name, call, outcome, core.TIMEOUT_SECONDS)
        if problem is not None:
            if outcome.kind == "error" and ("attribute 'sub'" in outcome.value or "attribute 'mul'" in outcome.value):
                return CheckResult(name, "fail", problem.message + (
                    " gdcourse follows Python's operators instead of TensorFlow.js's .sub() and "
                    ".mul(): write `lr * dw`, and change the Variable with `w.assign_sub(...)`."))
            return problem
        after = w.numpy()
        if not _same(after, start - lr * dw):
            hint = _update_hint(start, after, outcome.value, dw, lr)
            return CheckResult(name, "fail", hint or
                               f"after {call} the Variable holds {compact(after)}, but it should hold "
                               f"{compact(start - lr * dw)} (w - lr * dw).")
    return CheckResult(name, "pass", "the Variable itself now changes on every call: "
                                     "this is the update the article meant to write.")


# --- stable_learning_rate: 2 / (largest eigenvalue of the Hessian) -------------------------------

def _stable_rate_hints():
    x, y, _, _ = _article000()
    n = len(x)
    Xt = linear.with_bias_column(x)
    lam = np.linalg.eigvalsh(2 / n * Xt.T @ Xt)
    lam_no_bias = np.linalg.eigvalsh(2 / n * x.T @ x)
    smallest_curved = lam[lam > 1e-9].min()
    return [
        ("That is the answer without the bias: add a column of ones to X, so the Hessian covers b "
         "as well as w (the bias bends the bowl too).", 2 / lam_no_bias.max()),
        ("That is 1/λ_max, half the boundary. Either the 2 of `2 / λ_max` is missing, or the Hessian "
         "lacks its factor 2/n (here 2/n = 1/2, so both slips give this same number).", 1 / lam.max()),
        ("That is λ_max itself, the steepest curvature. The learning rate must stay below 2 / λ_max.",
         lam.max()),
        ("You used the smallest curvature. The boundary is set by the *steepest* direction: the step "
         "must not overshoot there, so divide by the largest eigenvalue.", 2 / smallest_curved),
        ("The Hessian of the mean squared error is (2/n)·X̃ᵀX̃; with 1/n instead of 2/n the "
         "curvatures come out half as big and the rate twice as big.", 4 / lam.max()),
        ("Those look like singular values: np.linalg.svd (or norm) of X̃ gives the square roots of "
         "the eigenvalues of X̃ᵀX̃. Build the Hessian (2/n)·X̃ᵀX̃ and use np.linalg.eigvalsh on it.",
         2 / np.linalg.svd(Xt, compute_uv=False).max()),
        ("2 / trace(H) is a safe learning rate (the trace is at least λ_max), but it is not the "
         "boundary: use the largest eigenvalue itself.", 2 / np.trace(2 / n * Xt.T @ Xt)),
        ("That is the answer without the bias and without the 2. Add the column of ones and use 2 / λ_max.",
         1 / lam_no_bias.max()),
    ]


def stable_learning_rate(value):
    """Check the largest stable learning rate for article 000's data (with the bias)."""
    x, _, _, _ = _article000()
    expected = linear.largest_stable_learning_rate(x)
    result = check_value("stable_lr", value, expected, hints=_stable_rate_hints())
    answer = as_answer(value)
    if result.status == "fail" and answer is not None and answer.ndim == 0 and np.isfinite(answer):
        v = float(answer)
        if v <= 0 or v > 1e6:
            return CheckResult("stable_lr", "fail",
                               f"{v:.6g} cannot be right: that came from the smallest eigenvalue, which "
                               "is 0 here (the columns are collinear, so some directions are perfectly "
                               "flat; rounding makes it ±1e-15). The boundary comes from the largest one.")
    return result
