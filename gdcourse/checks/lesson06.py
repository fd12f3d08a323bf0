"""Checks for lesson 06, "Stochastic and mini-batch gradient descent".

``minibatches`` is checked by what any correct shuffle must do (there are
many right ways to shuffle, so the order itself is not compared with ours):
every sample exactly once per epoch, the right batch sizes, x and y rows
still paired, the same seed giving the same order and different seeds
different ones. ``sgd_step`` is compared with ``gdcourse.course.batching.sgd_step``
and with typical wrong versions.
"""
import itertools

import numpy as np

from gdcourse.course import batching
from gdcourse.checks import core
from gdcourse.checks.core import CheckResult, call_guarded, check_function, check_value, no_answer

__all__ = ["minibatches", "sgd_step", "epoch_steps"]


# --- minibatches(x, y, batch_size, seed) --------------------------------------------------

# (number of samples, batch size, seed, x has one column per row (1-D) or two (2-D))
MINIBATCH_CASES = [
    (10, 3, 0, 1),     # 3 + 3 + 3 + 1: a partial last batch
    (10, 5, 1, 2),     # two full batches; x is a table with 2 columns
    (7, 7, 2, 1),      # one batch holding everything (batch gradient descent)
    (5, 8, 3, 1),      # a batch size larger than the data: one batch of 5
    (6, 1, 4, 2),      # batch size 1 (stochastic gradient descent)
    (100, 32, 5, 1),   # 32 + 32 + 32 + 4
]


def _data(n, ndim):
    """x with a distinct id per sample, and y computed from the id, so pairs can be checked."""
    ids = np.arange(n, dtype=float)
    x = ids + 100.0 if ndim == 1 else np.column_stack([ids + 100.0, -ids])
    y = 3.0 * ids + 7.0
    return x, y


def _ids_of(xb, ndim):
    return (xb if ndim == 1 else xb[:, 0]) - 100.0


def _take_batches(learner_fn, n, batch_size, seed, ndim):
    """Run one epoch of the learner's generator, guarded; returns the outcome (a list of batches)."""
    x, y = _data(n, ndim)

    def one_epoch():
        out = learner_fn(x.copy(), y.copy(), batch_size, seed)
        # An epoch has at most n batches, so n + 1 is enough to notice a generator that
        # never stops, without filling the memory while we wait for it.
        return None if out is None else list(itertools.islice(iter(out), n + 1))

    return call_guarded(one_epoch, ())


def _describe(n, batch_size, seed, ndim):
    shape = f"({n},)" if ndim == 1 else f"({n}, 2)"
    return f"minibatches(x of shape {shape}, y, batch_size={batch_size}, seed={seed})"


def _batches_or_message(outcome, n, batch_size, seed, ndim):
    """The learner's batches as (ids, y values) per batch, or a CheckResult explaining what is wrong."""
    call = _describe(n, batch_size, seed, ndim)
    problem = no_answer("minibatches", call, outcome, core.TIMEOUT_SECONDS)
    if problem is not None:
        return problem
    if outcome.value is None:
        return CheckResult("minibatches", "fail",
                           f"{call} returned None. Hand the batches out with `yield xb, yb` inside the loop.")
    if len(outcome.value) > n:
        return CheckResult("minibatches", "fail",
                           f"{call} gave more batches than there are samples ({n}): one epoch "
                           "should stop once every sample has been handed out once.")
    batches = []
    for item in outcome.value:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            return CheckResult("minibatches", "fail",
                               f"{call} gave a {type(item).__name__} as a batch; each batch should be the "
                               "pair (xb, yb): write `yield xb, yb`.")
        try:
            xb = np.asarray(item[0], dtype=float)
            yb = np.asarray(item[1], dtype=float).ravel()
        except (TypeError, ValueError, OverflowError):
            return CheckResult("minibatches", "fail",
                               f"{call} gave a batch that is not two arrays of numbers.")
        if ndim == 1:
            xb = xb.ravel()
        elif xb.ndim != 2 or xb.shape[1:] != (2,):
            if xb.size % 2 == 0 and xb.size // 2 == yb.size:
                xb = xb.reshape(-1, 2)
            else:
                return CheckResult("minibatches", "fail",
                                   f"{call}: x has rows of 2 numbers, but a batch of x has shape {xb.shape}. "
                                   "Pick whole rows: `x[rows]` with an array of row numbers.")
        ids = _ids_of(xb, ndim)
        if len(ids) != len(yb):
            return CheckResult("minibatches", "fail",
                               f"{call} gave a batch with {len(ids)} x rows but {len(yb)} y values: "
                               "take the same rows from both.")
        batches.append((ids, yb))
    if not batches:
        return CheckResult("minibatches", "fail", f"{call} gave no batches at all.")
    return batches


def _epoch_problem(batches, n, batch_size, seed, ndim):
    """A CheckResult naming what is wrong with one epoch's batches, or None if it is right."""
    call = _describe(n, batch_size, seed, ndim)
    ids = np.concatenate([b[0] for b in batches])
    ys = np.concatenate([b[1] for b in batches])
    sizes = [len(b[0]) for b in batches]
    expected = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    right_ids = np.sort(ids).tolist() == list(range(n))

    if right_ids and not np.allclose(ys, 3.0 * ids + 7.0):
        if np.allclose(np.sort(ys), 3.0 * np.arange(n) + 7.0):
            return CheckResult("minibatches", "fail",
                               "x and y rows are no longer paired: each x must come with its own y. You "
                               "probably shuffled x and y separately; draw one permutation (`order = "
                               "rng.permutation(len(x))`) and take `x[rows]` and `y[rows]` with the same rows.")
        return CheckResult("minibatches", "fail",
                           f"{call}: the y values do not belong to the x rows they come with.")
    if not right_ids:
        unique = np.unique(ids)
        full = n - n % batch_size
        if len(ids) == full and len(unique) == full and n % batch_size:
            return CheckResult("minibatches", "fail",
                               f"{call} gave {len(ids)} of the {n} samples: you dropped the last, "
                               f"partial batch (it should hold the {n % batch_size} samples left over). "
                               "Loop with `range(0, len(x), batch_size)` so the last start is included.")
        if len(unique) < len(ids):
            return CheckResult("minibatches", "fail",
                               f"{call} gave some samples more than once (and so misses others): the batches "
                               "overlap or repeat. Shuffle the row numbers once per epoch (a permutation, "
                               "not random picks with replacement) and cut them into consecutive slices.")
        return CheckResult("minibatches", "fail",
                           f"{call} gave {len(ids)} samples, {len(unique)} of them different; an epoch "
                           f"should use each of the {n} samples exactly once.")
    if sizes != expected:
        return CheckResult("minibatches", "fail",
                           f"{call} gave batches of sizes {sizes}; expected {expected} (full batches, "
                           "then what is left over).")
    return None


def minibatches(learner_fn):
    """Check a mini-batch generator ``minibatches(x, y, batch_size, seed)``."""
    if not callable(learner_fn):
        return CheckResult("minibatches", "fail",
                           "pass your function itself, e.g. checks.minibatches(minibatches); "
                           f"got a {type(learner_fn).__name__} instead.")
    orders = {}
    for n, batch_size, seed, ndim in MINIBATCH_CASES:
        outcome = _take_batches(learner_fn, n, batch_size, seed, ndim)
        batches = _batches_or_message(outcome, n, batch_size, seed, ndim)
        if isinstance(batches, CheckResult):
            return batches
        problem = _epoch_problem(batches, n, batch_size, seed, ndim)
        if problem is not None:
            return problem
        orders[(n, batch_size, seed)] = [b[0].tolist() for b in batches]

    # The order: shuffled, repeatable with the same seed, different with another seed.
    n, batch_size = 100, 32
    first = sum(orders[(n, batch_size, 5)], [])
    if all(sum(order, []) == sorted(sum(order, [])) for order in orders.values()):
        return CheckResult("minibatches", "fail",
                           "the batches come in the original order: nothing was shuffled. Shuffle the row "
                           "numbers first, e.g. `order = np.random.default_rng(seed).permutation(len(x))`.")
    if all(sorted(batch) == list(range(i * size, i * size + len(batch)))
           for (_, size, _), order in orders.items() for i, batch in enumerate(order)):
        return CheckResult("minibatches", "fail",
                           "each batch always holds the same samples (1-32, 33-64, ...), only in a "
                           "different order inside. Shuffle all the row numbers first, then cut them "
                           "into batches, so that every epoch mixes different samples together.")
    again = [_take_batches(learner_fn, n, batch_size, 5, 1) for _ in range(2)]
    other = _take_batches(learner_fn, n, batch_size, 6, 1)
    lists = []
    for outcome, seed in ((again[0], 5), (again[1], 5), (other, 6)):
        batches = _batches_or_message(outcome, n, batch_size, seed, 1)
        if isinstance(batches, CheckResult):
            return batches
        lists.append(np.concatenate([b[0] for b in batches]).tolist())
    if not (lists[0] == first and lists[1] == first):
        return CheckResult("minibatches", "fail",
                           "the same seed gave a different order on another call, so runs are not "
                           "repeatable. Make the generator from the seed inside the function: "
                           "`rng = np.random.default_rng(seed)`.")
    if lists[2] == first:
        return CheckResult("minibatches", "fail",
                           "seeds 5 and 6 gave exactly the same order: the seed is not used. "
                           "Make the generator from it: `rng = np.random.default_rng(seed)`.")
    return CheckResult("minibatches", "pass",
                       f"all {len(MINIBATCH_CASES)} epochs use every sample exactly once, with the right "
                       "batch sizes and x-y pairs intact; the shuffle is repeatable and depends on the seed.")


# --- sgd_step(w, b, xb, yb, learning_rate) -----------------------------------------------

SGD_STEP_CASES = [
    (0.0, 0.0, np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 6.0]), 0.1),
    (1.0, 0.5, np.array([1.0, -2.0]), np.array([0.0, 3.0]), 0.05),
    (2.0, -1.0, np.array([0.5]), np.array([4.0]), 0.2),              # one sample: stochastic
    (-0.5, 2.0, np.array([3.0, 1.0, -1.0, 2.0]), np.array([1.0, 0.0, 2.0, -3.0]), 0.01),
]


def _step_with(grad_w, grad_b, sign=-1.0):
    """A (possibly wrong) step made from formulas for the two slopes."""
    def step(w, b, x, y, lr):
        miss = w * x + b - y
        return w + sign * lr * grad_w(miss, x), b + sign * lr * grad_b(miss, x)
    return step


SGD_STEP_MISTAKES = [
    ("You summed over the batch instead of taking the mean: the step then grows with the batch "
     "size. The loss is the *mean* squared error, so its slope is a mean too (`np.mean`).",
     _step_with(lambda m, x: np.sum(2 * m * x), lambda m, x: np.sum(2 * m))),
    ("You forgot the 2: the slope of (miss)**2 is 2 * miss times the slope of the miss. "
     "dL/dw = mean(2 * miss * x), dL/db = mean(2 * miss).",
     _step_with(lambda m, x: np.mean(m * x), lambda m, x: np.mean(m))),
    ("Your step goes uphill: gradient descent *subtracts* learning_rate * slope. Check the sign of "
     "the miss too: with miss = w*x + b - y the update is w - learning_rate * dL/dw.",
     _step_with(lambda m, x: np.mean(2 * m * x), lambda m, x: np.mean(2 * m), sign=1.0)),
    ("Summed instead of averaged, and without the 2: use dL/dw = mean(2 * miss * x), "
     "dL/db = mean(2 * miss).",
     _step_with(lambda m, x: np.sum(m * x), lambda m, x: np.sum(m))),
    ("The slope for w is missing the factor x: w multiplies x in the prediction, so "
     "dL/dw = mean(2 * miss * x), while dL/db = mean(2 * miss).",
     _step_with(lambda m, x: np.mean(2 * m), lambda m, x: np.mean(2 * m))),
    ("The bias did not change (or changed with the weight's slope). The bias has its own slope: "
     "dL/db = mean(2 * miss), without the x.",
     lambda w, b, x, y, lr: (w - lr * np.mean(2 * (w * x + b - y) * x), b)),
    ("The slope for b has an extra factor x: the bias is added as it is, so dL/db = mean(2 * miss).",
     _step_with(lambda m, x: np.mean(2 * m * x), lambda m, x: np.mean(2 * m * x))),
]


def sgd_step(learner_fn):
    """Check ``sgd_step(w, b, xb, yb, learning_rate)`` returning the new ``(w, b)``."""
    result = check_function("sgd_step", learner_fn, SGD_STEP_CASES, batching.sgd_step,
                            mistakes=SGD_STEP_MISTAKES)
    if result.status == "fail" and "shape" in result.message and "expected shape (2,)" in result.message:
        return CheckResult("sgd_step", "fail",
                           result.message.split(". ")[0] + ". Return the two new numbers as a pair: "
                           "`return new_w, new_b`.")
    return result


# --- check your understanding -------------------------------------------------------------

def epoch_steps(value):
    """How many steps is one epoch with 1000 samples and batch size 32?"""
    hints = [
        ("1000 / 32 = 31.25 steps is not possible: a step uses a whole batch. 31 full batches leave "
         "8 samples over, and they make one more (smaller) batch.", 31.25),
        ("31 full batches leave 8 samples; fit (and our minibatches) keeps them as a last, smaller "
         "batch, so one more step.", 31.0),
        ("That is the number of samples in the last batch (1000 - 31 * 32).", 8.0),
        ("That is the batch size; the question asks for the number of batches.", 32.0),
        ("That would be stochastic gradient descent (batch size 1).", 1000.0),
    ]
    return check_value("epoch_steps", value, 32.0, hints=hints)
