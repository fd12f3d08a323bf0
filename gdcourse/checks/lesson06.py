"""Checks for lessons 06-07; ``minibatches`` by what any right shuffle does: each sample once, pairs kept, seeded."""
import functools
import itertools

import numpy as np

from gdcourse.course import batching
from gdcourse.checks import core
from gdcourse.checks.core import CheckResult, call_guarded, check_function, check_value, no_answer, not_a_function
from gdcourse.locale import N_, _

__all__ = ["minibatches", "sgd_step", "epoch_steps", "predict_steps_per_epoch", "predict_lowest_loss_batch",  # 06
           "unscale", "predict_range_length", "predict_broadcast_size"]  # 07

# (samples, batch size, seed, x 1-D or a 2-column table): partial last batch, two full, one, too big, size 1, 32*3+4
MINIBATCH_CASES = [(10, 3, 0, 1), (10, 5, 1, 2), (7, 7, 2, 1), (5, 8, 3, 1), (6, 1, 4, 2), (100, 32, 5, 1)]
_fail = functools.partial(CheckResult, "minibatches", "fail")
_SEED = N_("Make the generator from the seed inside the function: `rng = np.random.default_rng(seed)`.")


def _epoch(learner_fn, n, batch_size, seed, ndim, judge=True):
    """One epoch: (ids, y) per batch, or a CheckResult. Sample i has x = i + 100 (and -i) and y = 3i + 7."""
    ids = np.arange(n, dtype=float)
    x, y = (ids + 100.0 if ndim == 1 else np.column_stack([ids + 100.0, -ids])), 3.0 * ids + 7.0
    call = _("minibatches(x of shape {shape}, y, batch_size={batch_size}, seed={seed})", shape=x.shape,
             batch_size=batch_size, seed=seed)

    def one_epoch():
        out = learner_fn(x.copy(), y.copy(), batch_size, seed)
        return None if out is None else list(itertools.islice(iter(out), n + 1))

    outcome = call_guarded(one_epoch, ())  # n + 1 batches reveal a generator that never stops
    if (problem := no_answer("minibatches", call, outcome, core.TIMEOUT_SECONDS)) is not None:
        return problem
    if outcome.value is None:
        return _fail(_("{call} returned None. Hand the batches out with `yield xb, yb` inside the loop.", call=call))
    if len(outcome.value) > n:
        return _fail(_("{call} gave more batches than there are samples ({n}): stop after one epoch.", call=call, n=n))
    batches = []
    for item in outcome.value:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            return _fail(_("{call} gave a {type} as a batch, not the pair (xb, yb): `yield xb, yb`.", call=call,
                           type=type(item).__name__))
        try:
            xb, yb = np.asarray(item[0], dtype=float), np.asarray(item[1], dtype=float).ravel()
        except (TypeError, ValueError, OverflowError):
            return _fail(_("{call} gave a batch that is not two arrays of numbers.", call=call))
        if ndim == 1:
            xb = xb.ravel()
        elif xb.ndim != 2 or xb.shape[1:] != (2,):
            if xb.size % 2 or xb.size // 2 != yb.size:
                return _fail(_("{call}: a batch of x has shape {shape}; pick whole rows: `x[rows]`.", call=call,
                               shape=xb.shape))
            xb = xb.reshape(-1, 2)
        if len(xb) != len(yb):
            return _fail(_("{call} gave {rows} x rows but {values} y values: take the same rows from both.", call=call,
                           rows=len(xb), values=len(yb)))
        batches.append(((xb if ndim == 1 else xb[:, 0]) - 100.0, yb))
    if not batches:
        return _fail(_("{call} gave no batches at all.", call=call))
    problem = _wrong_epoch(call, batches, n, batch_size) if judge else None
    return batches if problem is None else problem


def _wrong_epoch(call, batches, n, batch_size):
    """A CheckResult naming what is wrong with one epoch's batches, or None if it is right."""
    ids, ys = np.concatenate([b[0] for b in batches]), np.concatenate([b[1] for b in batches])
    if np.sort(ids).tolist() == list(range(n)):
        if not np.allclose(ys, 3.0 * ids + 7.0):
            if np.allclose(np.sort(ys), 3.0 * np.arange(n) + 7.0):
                return _fail(_("x and y rows are no longer paired: you probably shuffled x and y separately. "
                               "Take `x[rows]` and `y[rows]` with the same rows."))
            return _fail(_("{call}: the y values do not belong to the x rows they come with.", call=call))
        sizes = [len(b[0]) for b in batches]
        expected = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
        return _fail(_("{call} gave batches of sizes {sizes}; expected {expected}.", call=call, sizes=sizes,
                       expected=expected)) if sizes != expected else None
    unique, left = np.unique(ids), n % batch_size
    if len(ids) == len(unique) == n - left and left:
        return _fail(_("{call} gave {given} of the {n} samples: you dropped the last, partial batch "
                       "(loop with `range(0, len(x), batch_size)`).", call=call, given=len(ids), n=n))
    if len(unique) < len(ids):
        return _fail(_("{call} gave some samples more than once: the batches overlap or repeat. Shuffle the "
                       "row numbers once (a permutation) and cut them into consecutive slices.", call=call))
    return _fail(_("{call} gave {given} samples, {unique} different; an epoch uses each of the {n} once.", call=call,
                   given=len(ids), unique=len(unique), n=n))


def minibatches(learner_fn):
    """Check a mini-batch generator ``minibatches(x, y, batch_size, seed)``."""
    if not callable(learner_fn):
        return not_a_function("minibatches", learner_fn)
    orders = {}
    for n, batch_size, seed, ndim in MINIBATCH_CASES:
        batches = _epoch(learner_fn, n, batch_size, seed, ndim)
        if isinstance(batches, CheckResult):
            return batches
        orders[batch_size] = [b[0].tolist() for b in batches]
    if all(sum(order, []) == sorted(sum(order, [])) for order in orders.values()):
        return _fail(_("the batches come in the original order: nothing was shuffled. {seed}", seed=_SEED))
    if all(sorted(batch) == list(range(i * size, i * size + len(batch)))
           for size, order in orders.items() for i, batch in enumerate(order)):
        return _fail(_("each batch always holds the same samples (1-32, 33-64, ...): shuffle all the row numbers "
                       "first, then cut them into batches."))
    runs = [_epoch(learner_fn, 100, 32, seed, 1, judge=False) for seed in (5, 5, 6)]
    if problems := [batches for batches in runs if isinstance(batches, CheckResult)]:
        return problems[0]
    first = sum(orders[32], [])
    same, again, other = [np.concatenate([b[0] for b in batches]).tolist() for batches in runs]
    if not same == again == first:
        return _fail(_("the same seed gave a different order on another call, so runs are not repeatable. {seed}",
                       seed=_SEED))
    if other == first:
        return _fail(_("seeds 5 and 6 gave exactly the same order: the seed is not used. {seed}", seed=_SEED))
    return CheckResult("minibatches", "pass", _("every epoch uses each sample once, in the right batch sizes, pairs "
                                                "intact; the shuffle is repeatable and depends on the seed."))


SGD_STEP_CASES = [(w, b, np.array(xb), np.array(yb), lr) for w, b, xb, yb, lr in [  # the third: one sample
    (0.0, 0.0, [1.0, 2.0, 3.0], [2.0, 4.0, 6.0], 0.1), (1.0, 0.5, [1.0, -2.0], [0.0, 3.0], 0.05),
    (2.0, -1.0, [0.5], [4.0], 0.2), (-0.5, 2.0, [3.0, 1.0, -1.0, 2.0], [1.0, 0.0, 2.0, -3.0], 0.01)]]


def _step_with(average=np.mean, two=2.0, x_in_w=True, x_in_b=False, sign=-1.0):
    def step(w, b, x, y, lr):
        miss = two * (w * x + b - y)
        return w + sign * lr * average(miss * x if x_in_w else miss), b + sign * lr * average(miss * x if x_in_b else miss)
    return step


_SLOPES = "dL/dw = mean(2 * miss * x), dL/db = mean(2 * miss)."
SGD_STEP_MISTAKES = [
    (N_("You summed over the batch instead of taking the mean: the loss is the *mean* squared error. {slopes}",
        slopes=_SLOPES), _step_with(np.sum)),
    (N_("You forgot the 2: the slope of miss**2 is 2 * miss times the slope of the miss. {slopes}", slopes=_SLOPES),
     _step_with(two=1)),
    (N_("Your step goes uphill: gradient descent *subtracts* learning_rate * slope."), _step_with(sign=1.0)),
    (N_("Summed instead of averaged, and without the 2: {slopes}", slopes=_SLOPES), _step_with(np.sum, 1.0)),
    (N_("The slope for w is missing the factor x: {slopes}", slopes=_SLOPES), _step_with(x_in_w=False)),
    (N_("The bias did not change: it has its own slope, dL/db = mean(2 * miss)."),
     lambda w, b, x, y, lr: (w - lr * np.mean(2 * (w * x + b - y) * x), b)),
    (N_("The slope for b has an extra factor x: the bias is added as it is, so dL/db = mean(2 * miss)."),
     _step_with(x_in_b=True)),
]


def sgd_step(learner_fn):
    """Check ``sgd_step(w, b, xb, yb, learning_rate)`` returning the new ``(w, b)``."""
    return check_function("sgd_step", learner_fn, SGD_STEP_CASES, batching.sgd_step, SGD_STEP_MISTAKES,
                          shape_advice=N_("Return the two new numbers as a pair: `return new_w, new_b`."))


def _steps(name, value, n, size):
    fields = dict(n=n, size=size, steps=n / size, full=n // size, left=n % size)
    return check_value(name, value, -(-n // size), hints=[
        (_("{n} / {size} = {steps:g} steps is not possible: a step uses a whole batch, and the {left} samples left "
           "over make one more (smaller) batch.", **fields), n / size),
        (_("{full} full batches leave {left} samples; they make one more, smaller batch: one more step.", **fields),
         n // size),
        (_("That is the number of samples in the last batch ({n} - {full} * {size}).", **fields), n % size),
        (_("That would be stochastic gradient descent (batch size 1)."), n)])


def epoch_steps(value):  # steps in one epoch with 1000 samples and batch size 32
    return _steps("steps_in_one_epoch", value, 1000, 32)


def predict_steps_per_epoch(value):  # steps in one epoch with 100 samples and batch size 16
    return _steps("my_prediction", value, 100, 16)


def predict_lowest_loss_batch(value):  # which of batch sizes 1, 4, 16, 100 ends lowest after 100 steps?
    return check_value("my_prediction", value, 100, praise=N_("Per step, the full gradient is the best one."), hints=[
        (_("Batch size {size} takes noisy steps: near the bottom each one is pulled by a few samples, so it keeps "
           "bouncing. Per *step*, which gradient is the most accurate?", size=size), size) for size in (1, 4, 16)],
        explain=lambda v: _("Pick one of the four batch sizes: 1, 4, 16 or 100."))


def unscale(learner_fn):  # unscale(w, b, x_mean, x_sd): w * (x - x_mean) / x_sd + b as (slope, intercept)
    return check_function("unscale", learner_fn, [(2.0, 1.0, 3.0, 2.0), (-1.5, 0.5, -2.0, 4.0), (0.5, 7.0, 1.0, 0.25)],
                          batching.unscale, [(N_("The intercept takes the shift too: b - w * x_mean / x_sd."),
                                              lambda w, b, m, s: (w / s, b)), (N_("Divide by x_sd, don't multiply."),
                                              lambda w, b, m, s: (w * s, b - w * m * s))],
                          shape_advice=N_("Return the pair."))


def predict_range_length(value):  # tf.range(1, 100, 1)
    return check_value("my_prediction", value, 99, hints=[(N_("tf.range stops *before* its end, like range."), 100)])


def predict_broadcast_size(value):  # a (9, 1) column minus 99 values
    return check_value("my_prediction", value, 891, hints=[(
        N_("Broadcasting stretches the column across the 99 values: a table with one row per prediction."), v) for v in
        (9, 99)])
