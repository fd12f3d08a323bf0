"""How much does recording on a GradientTape cost? (python benchmarks/tape_overhead.py)

Trains the same linear model (10,000 x 10 data, batch 32, plain SGD) twice:
once with gdcourse.GradientTape, once with hand-written numpy gradients, and
prints microseconds per step side by side. The tape loop should stay within
3x of the numpy loop.
"""
import time

import numpy as np

import gdcourse as gd
from gdcourse import GradientTape, Variable, reduce_mean, square

N, D, BATCH, LR, STEPS = 10_000, 10, 32, 0.01, 2_000


def make_data(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N, D))
    y = X @ rng.normal(size=(D, 1)) + 0.5 + 0.1 * rng.normal(size=(N, 1))
    starts = rng.integers(0, N - BATCH, size=STEPS)
    return X, y, starts


def tape_loop(X, y, starts):
    W, b = Variable(np.zeros((D, 1)), name="W"), Variable(np.zeros(1), name="b")
    for s in starts:
        xb, yb = X[s:s + BATCH], y[s:s + BATCH]
        with GradientTape() as tape:
            pred = xb @ W + b
            loss = reduce_mean(square(pred - yb))
        dW, db = tape.gradient(loss, [W, b])
        W.assign_sub(LR * np.asarray(dW))
        b.assign_sub(LR * np.asarray(db))
    return W, b


def tape_loop_dotted(X, y, starts):
    """The same loop written ``gd.square(...)``: shows what package attribute lookups cost."""
    W, b = gd.Variable(np.zeros((D, 1)), name="W"), gd.Variable(np.zeros(1), name="b")
    for s in starts:
        xb, yb = X[s:s + BATCH], y[s:s + BATCH]
        with gd.GradientTape() as tape:
            pred = xb @ W + b
            loss = gd.reduce_mean(gd.square(pred - yb))
        dW, db = tape.gradient(loss, [W, b])
        W.assign_sub(LR * np.asarray(dW))
        b.assign_sub(LR * np.asarray(db))
    return W, b


def numpy_loop(X, y, starts):
    W, b = np.zeros((D, 1)), np.zeros(1)
    for s in starts:
        xb, yb = X[s:s + BATCH], y[s:s + BATCH]
        err = xb @ W + b - yb
        loss = np.mean(err * err)  # noqa: F841 - computed, as the tape loop does
        g = (2.0 / BATCH) * err
        W = W - LR * (xb.T @ g)
        b = b - LR * g.sum(axis=0)
    return W, b


def per_step(loops, data, repeat=7):
    """Best CPU time per step of each loop, in microseconds.

    CPU time (not wall time) and the best of interleaved runs keep the numbers
    steady on a busy machine.
    """
    best = [float("inf")] * len(loops)
    for _ in range(repeat):
        for i, loop in enumerate(loops):
            start = time.process_time()
            loop(*data)
            best[i] = min(best[i], time.process_time() - start)
    return [b / STEPS * 1e6 for b in best]


if __name__ == "__main__":
    data = make_data()
    (W1, b1), (W2, b2) = tape_loop(*data), numpy_loop(*data)
    assert np.allclose(np.asarray(W1), W2) and np.allclose(np.asarray(b1), b2)
    t_tape, t_dotted, t_numpy = per_step([tape_loop, tape_loop_dotted, numpy_loop], data)
    print(f"GradientTape loop:           {t_tape:6.1f} us/step  ({t_tape / t_numpy:.2f}x numpy)")
    print(f"  the same, with gd.<name>:  {t_dotted:6.1f} us/step  ({t_dotted / t_numpy:.2f}x numpy)")
    print(f"plain numpy loop:            {t_numpy:6.1f} us/step")
