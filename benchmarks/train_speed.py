"""Training throughput: gdcourse fit vs tape loop vs numpy vs torch.

Run:  python benchmarks/train_speed.py [--epochs 3] [--repeat 5] [--cpu-time]

Trains a linear model (10,000 samples x 10 features, batch 32, so 313 steps
per epoch, shuffled every epoch) with mini-batch SGD and with Adam, four ways:

1. ``model.fit`` of a gdcourse ``Sequential([Dense(1)])``;
2. a hand-written loop with ``gdcourse.GradientTape`` and a gdcourse optimizer;
3. a hand-written numpy loop (gradients and update rules written out);
4. ``torch.optim`` on the CPU, if torch is installed (float64, one thread).

It prints steps per second, microseconds per step and the ratio to the numpy
loop. Each way runs ``--repeat`` times, taking turns, and the median counts.
Times are wall-clock (``time.perf_counter``); ``--cpu-time`` measures the
CPU time of this process instead (``time.process_time``), which is steadier
when other programs share the cores. This is not part of the test suite.
"""
import argparse
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")  # tiny matrices: threads only add noise

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gdcourse as gd  # noqa: E402
from _common import interleaved_medians, machine_description  # noqa: E402
from gdcourse.framework import optimizers  # noqa: E402
from gdcourse.framework.layers import Dense  # noqa: E402

N, D, BATCH = 10_000, 10, 32
LEARNING_RATE = {"sgd": 0.01, "adam": 0.001}


def make_data(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N, D))
    y = X @ rng.normal(size=(D, 1)) + 0.5 + 0.1 * rng.normal(size=(N, 1))
    return X, y


def steps_per_epoch():
    return -(-N // BATCH)


def make_optimizer(rule):
    if rule == "sgd":
        return optimizers.SGD(LEARNING_RATE[rule])
    return optimizers.Adam(LEARNING_RATE[rule])


# ---- 1. gdcourse fit -------------------------------------------------------------

def run_fit(X, y, rule, epochs):
    model = gd.Sequential([Dense(1, input_shape=[D])])
    model.set_weights([np.zeros((D, 1)), np.zeros(1)])
    opt = make_optimizer(rule)
    model.compile(optimizer=opt, loss="mse")
    model.fit(X, y, epochs=epochs, batch_size=BATCH, shuffle=True, seed=0, verbose=0)
    return float(np.mean((model.predict(X) - y) ** 2))


# ---- 2. gdcourse GradientTape loop -------------------------------------------------

def run_tape(X, y, rule, epochs):
    W = gd.Variable(np.zeros((D, 1)), name="W")
    b = gd.Variable(np.zeros(1), name="b")
    opt = make_optimizer(rule)
    rng = np.random.default_rng(0)
    for _ in range(epochs):
        order = rng.permutation(N)
        xs, ys = X[order], y[order]
        for start in range(0, N, BATCH):
            xb, yb = xs[start:start + BATCH], ys[start:start + BATCH]
            with gd.GradientTape() as tape:
                loss = gd.reduce_mean(gd.square(gd.matmul(xb, W) + b - yb))
            grads = tape.gradient(loss, [W, b])
            opt.apply_gradients(zip(grads, [W, b]))
    return float(np.mean((X @ W.numpy() + b.numpy() - y) ** 2))


# ---- 3. hand-written numpy loop ---------------------------------------------------------

def run_numpy(X, y, rule, epochs):
    W, b = np.zeros((D, 1)), np.zeros(1)
    lr = LEARNING_RATE[rule]
    beta_1, beta_2, eps = 0.9, 0.999, 1e-7
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b)
    t = 0
    rng = np.random.default_rng(0)
    for _ in range(epochs):
        order = rng.permutation(N)
        xs, ys = X[order], y[order]
        for start in range(0, N, BATCH):
            xb, yb = xs[start:start + BATCH], ys[start:start + BATCH]
            error = xb @ W + b - yb
            loss = np.mean(error**2)  # noqa: F841 - computed, as fit reports it
            gW = 2 * xb.T @ error / len(xb)
            gb = 2 * error.mean(axis=0)
            if rule == "sgd":
                W = W - lr * gW
                b = b - lr * gb
            else:
                t += 1
                alpha = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
                mW = beta_1 * mW + (1 - beta_1) * gW
                vW = beta_2 * vW + (1 - beta_2) * gW**2
                W = W - alpha * mW / (np.sqrt(vW) + eps)
                mb = beta_1 * mb + (1 - beta_1) * gb
                vb = beta_2 * vb + (1 - beta_2) * gb**2
                b = b - alpha * mb / (np.sqrt(vb) + eps)
    return float(np.mean((X @ W + b - y) ** 2))


# ---- 4. torch -------------------------------------------------------------------------

def make_torch_runner():
    try:
        import torch
    except ImportError:
        return None, "torch is not installed (pip install torch==2.13.0 to compare)"
    torch.set_num_threads(1)

    def run_torch(X, y, rule, epochs):
        Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
        model = torch.nn.Linear(D, 1, dtype=torch.float64)
        with torch.no_grad():
            model.weight.zero_()
            model.bias.zero_()
        if rule == "sgd":
            opt = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE[rule])
        else:
            opt = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE[rule], eps=1e-7)
        rng = np.random.default_rng(0)
        for _ in range(epochs):
            order = torch.from_numpy(rng.permutation(N))
            xs, ys = Xt[order], yt[order]
            for start in range(0, N, BATCH):
                xb, yb = xs[start:start + BATCH], ys[start:start + BATCH]
                opt.zero_grad()
                loss = torch.mean((model(xb) - yb) ** 2)
                loss.backward()
                opt.step()
        with torch.no_grad():
            return float(torch.mean((model(Xt) - yt) ** 2))
    return run_torch, f"torch {torch.__version__}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3, help="epochs per timed run (default 3)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per way (default 5)")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time with process CPU time instead of wall-clock time")
    args = parser.parse_args(argv)
    clock = time.process_time if args.cpu_time else time.perf_counter

    X, y = make_data()
    run_torch, torch_note = make_torch_runner()
    ways = {"gdcourse fit": run_fit, "gdcourse tape loop": run_tape, "numpy loop": run_numpy}
    if run_torch is not None:
        ways["torch.optim"] = run_torch
    steps = args.epochs * steps_per_epoch()

    print(f"Training throughput: linear model, {N} x {D} samples, batch {BATCH}, "
          f"{steps_per_epoch()} steps/epoch, {args.epochs} epochs per run, "
          f"median of {args.repeat} runs, {'CPU' if args.cpu_time else 'wall-clock'} time")
    print(machine_description())
    print(torch_note)
    for rule in ("sgd", "adam"):
        final = {name: fn(X, y, rule, 1) for name, fn in ways.items()}  # warm-up + sanity
        seconds = interleaved_medians(
            {name: (lambda fn=fn: fn(X, y, rule, args.epochs)) for name, fn in ways.items()},
            repeat=args.repeat, clock=clock)
        base = seconds["numpy loop"] / steps
        print()
        print(f"{'SGD' if rule == 'sgd' else 'Adam'} (learning rate {LEARNING_RATE[rule]})")
        print(f"| {'way':<20} | {'steps/s':>9} | {'us/step':>8} | {'vs numpy':>8} | "
              f"{'loss after 1 epoch':>18} |")
        print(f"|{'-' * 22}|{'-' * 10}:|{'-' * 9}:|{'-' * 9}:|{'-' * 19}:|")
        for name in ways:
            per_step = seconds[name] / steps
            print(f"| {name:<20} | {1 / per_step:>9,.0f} | {per_step * 1e6:>8.1f} | "
                  f"{per_step / base:>7.2f}x | {final[name]:>18.6g} |")


if __name__ == "__main__":
    main()
