"""Linear regression by gradient descent, in plain numpy (lesson 05).

The model has a weight per input column and one bias::

    prediction = X @ w + b            X: (n, k) data, w: (k, 1), b: a number

and we score it with the mean squared error over the n rows::

    L(w, b) = mean((X @ w + b - y) ** 2)

Its gradient, by the chain rule (r = X @ w + b - y is the vector of misses)::

    dL/dw = (2 / n) * X.T @ r         one number per weight, shape (k, 1)
    dL/db = (2 / n) * sum(r)          one number

The MSE is a quadratic bowl, so its curvature does not change from place to
place: it is the Hessian matrix ``(2 / n) * Xt.T @ Xt``, where ``Xt`` is X
with a column of ones added for the bias. Everything about the speed and the
stability of gradient descent on this bowl follows from the eigenvalues of
that one matrix (see ``largest_stable_learning_rate``).
"""
from collections import namedtuple

import numpy as np

from gdcourse import validate

FLOAT64_MAX = float(np.finfo(np.float64).max)  # about 1.8e308


# --- shapes ---------------------------------------------------------------------------

def _data(X, y=None):
    """X as an (n, k) array, and y (if given) as an (n, 1) column."""
    X = validate.array("X", X, ndim=(1, 2))
    if X.ndim == 1:  # one feature given as a flat list: one column
        X = X[:, None]
    if y is None:
        return X
    y = validate.array("y", y, ndim=(1, 2))
    y = y.reshape(-1, 1) if y.ndim == 1 or y.shape[1] == 1 else y
    if y.shape != (len(X), 1):
        raise ValueError(f"y must hold one target per row of X ({len(X)} rows), "
                         f"got shape {y.shape}")
    return X, y


def _weights(w, k):
    """w as a (k, 1) column (a flat list of k numbers is accepted too)."""
    w = validate.array("w", w, ndim=(0, 1, 2))
    if w.size != k:
        raise ValueError(f"w must hold one weight per column of X ({k}), got shape {w.shape}")
    return w.reshape(k, 1)


def _bias(b):
    b = validate.array("b", b, ndim=(0, 1, 2))
    if b.size != 1:
        raise ValueError(f"b must be one number, got shape {b.shape}")
    return float(b.item())


def with_bias_column(X):
    """X with a column of ones on the right: ``X @ w + b == with_bias_column(X) @ [w; b]``.

    >>> with_bias_column([[2.0], [3.0]]).tolist()
    [[2.0, 1.0], [3.0, 1.0]]
    """
    X = _data(X)
    return np.hstack([X, np.ones((len(X), 1))])


# --- the model, its loss and its gradient ----------------------------------------------

def predict(X, w, b):
    """``X @ w + b``: one prediction per row, shape (n, 1)."""
    X = _data(X)
    return X @ _weights(w, X.shape[1]) + _bias(b)


def mse(X, y, w, b):
    """The mean squared error of the predictions ``X @ w + b`` against ``y``."""
    X, y = _data(X, y)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged run is honestly inf
        return _mse(X, y, _weights(w, X.shape[1]), _bias(b))


def _mse(X, y, w, b):
    # The unchecked computation, for loops that have checked their inputs once.
    r = X @ w + b - y
    return float(np.mean(r * r))


def mse_gradient(X, y, w, b):
    """``(dL/dw, dL/db)`` of the MSE: ``((2/n) X.T @ r, (2/n) sum(r))`` with r the misses.

    dw has shape (k, 1) like w; db is a number.
    """
    X, y = _data(X, y)
    w, b = _weights(w, X.shape[1]), _bias(b)
    with np.errstate(over="ignore", invalid="ignore"):
        dw, db = _mse_gradient(X, y, w, b)
    if np.isnan(dw).any() or np.isnan(db):  # inf - inf: the misses themselves overflowed
        raise ValueError("the predictions X @ w + b overflow float64 (about 1.8e308): "
                         "X, w or b holds numbers far too large for a gradient")
    return dw, db


def _mse_gradient(X, y, w, b):
    n = len(X)
    r = X @ w + b - y                     # (n, 1): one miss per row
    dw = (2.0 / n) * X.T @ r              # X.T is (k, n), so dw is (k, 1) like w
    db = (2.0 / n) * float(np.sum(r))     # the bias adds to every prediction
    return dw, db


# --- curvature: Hessian, stable learning rate, condition number ---------------------------

def hessian(X):
    """The Hessian of the MSE over ``(w, b)``: ``(2 / n) * Xt.T @ Xt`` with ``Xt = [X, 1]``.

    It does not depend on w, b or even y: the bowl has the same shape
    everywhere, set by the data alone. Shape (k + 1, k + 1), bias last.
    """
    Xt = with_bias_column(X)
    with np.errstate(over="ignore", invalid="ignore"):
        H = (2.0 / len(Xt)) * Xt.T @ Xt
    if not np.isfinite(H).all():
        raise ValueError("X holds numbers too large for the Hessian: their squares overflow "
                         "float64 (about 1.8e308); rescale X first")
    return H


def curvatures(X):
    """The eigenvalues of ``hessian(X)``, smallest first (tiny rounding noise set to 0).

    Each is the curvature of the bowl along one eigenvector direction.
    """
    eigenvalues = np.linalg.eigvalsh(hessian(X))
    # A flat direction comes out as +-1e-15 from rounding: call it what it is.
    eigenvalues[np.abs(eigenvalues) < 1e-10 * eigenvalues.max()] = 0.0
    return eigenvalues


def largest_stable_learning_rate(X):
    """``2 / lambda_max``: gradient descent on the MSE converges exactly when lr is below this.

    Along the eigenvector of curvature lambda, one step multiplies the
    distance to the bottom by ``1 - lr * lambda``. All of them shrink when
    ``|1 - lr * lambda| < 1`` for every lambda, that is ``lr < 2 / lambda_max``.
    """
    return 2.0 / curvatures(X).max()


def condition_number(X):
    """``lambda_max / lambda_min`` over the curved directions (the flat ones, lambda = 0, are skipped).

    With the largest stable rate, the flattest curved direction shrinks by
    only about ``1 - 2 / condition_number`` per step, so a big condition
    number means a slow descent. Flat directions never move from a start
    at zero (see ``min_norm_solution``), so they do not slow anything down.
    """
    curved = curvatures(X)
    curved = curved[curved > 0]
    return float(curved.max() / curved.min())


# --- exact answers -------------------------------------------------------------------

def min_norm_solution(X, y):
    """The exact least-squares fit with the smallest ``||(w, b)||``: ``pinv(Xt) @ y``.

    Returns ``(w, b)``. Gradient descent started from w = 0, b = 0 converges
    to this one: every gradient ``(2/n) Xt.T @ r`` is a combination of the rows
    of Xt, so the path never leaves the row space, and the only exact fit in
    the row space is the minimum-norm one.
    """
    X, y = _data(X, y)
    theta = np.linalg.pinv(with_bias_column(X)) @ y
    return theta[:-1], float(theta[-1, 0])


def standardize(X, mean=None, std=None):
    """Rescale every column to mean 0 and standard deviation 1.

    Returns ``(X_standardized, mean, std)``. Pass the training data's
    ``mean`` and ``std`` to scale test data the same way. A column whose
    values are all equal has no spread to divide by and raises ValueError.
    """
    X = _data(X)
    mean = None if mean is None else validate.array("mean", mean, ndim=1)
    std = None if std is None else validate.array("std", std, ndim=1)
    with np.errstate(over="ignore", invalid="ignore"):
        if mean is None:
            mean = X.mean(axis=0)
        if std is None:
            std = X.std(axis=0)
    if not (np.isfinite(mean).all() and np.isfinite(std).all()):
        raise ValueError("X holds numbers too large to standardize: their sum or squares "
                         "overflow float64 (about 1.8e308)")
    if mean.shape != (X.shape[1],) or std.shape != (X.shape[1],):
        raise ValueError(f"mean and std must hold one number per column of X ({X.shape[1]})")
    if np.any(std == 0):
        column = int(np.nonzero(std == 0)[0][0])
        raise ValueError(f"column {column} of X has the same value in every row (std 0): "
                         f"it cannot be standardized; drop it, the bias already does its job")
    with np.errstate(over="ignore"):
        scaled = (X - mean) / std
    if not np.isfinite(scaled).all():
        raise ValueError("X is too far from mean, in units of std: the standardized values "
                         "overflow float64")
    return scaled, mean, std


# --- gradient descent ------------------------------------------------------------------

class Run(namedtuple("Run", "weights biases losses note")):
    """What ``gradient_descent`` did.

    ``weights`` (steps + 1, k), ``biases`` (steps + 1,) and ``losses``
    (steps + 1,) hold the values *before* each step and after the last one.
    ``note`` is "" or, when the run blew past float64, one plain sentence.
    """

    @property
    def diverged(self):
        return bool(self.note)

    @property
    def steps(self):
        return len(self.losses) - 1

    @property
    def w(self):
        """The final weights as a (k, 1) column."""
        return self.weights[-1][:, None]

    @property
    def b(self):
        """The final bias."""
        return float(self.biases[-1])


def gradient_descent(X, y, learning_rate, steps, w=None, b=0.0):
    """Plain gradient descent on the MSE: ``w -= lr * dw; b -= lr * db``, ``steps`` times.

    Starts from ``w`` (zeros if not given) and ``b``. Stops early, with a
    ``note``, when the loss passes the largest float64 (about 1.8e308):
    from there on it would only be inf and NaN.
    """
    X, y = _data(X, y)
    learning_rate = validate.number("learning_rate", learning_rate, positive=True)
    steps = validate.integer("steps", steps, minimum=0)
    w = np.zeros((X.shape[1], 1)) if w is None else _weights(w, X.shape[1])
    b = _bias(b)
    weights, biases, losses, note = [w.ravel()], [b], [mse(X, y, w, b)], ""
    with np.errstate(over="ignore", invalid="ignore"):  # we check the loss ourselves
        for step in range(1, steps + 1):
            dw, db = _mse_gradient(X, y, w, b)
            w, b = w - learning_rate * dw, b - learning_rate * db
            loss = _mse(X, y, w, b)
            if not loss <= FLOAT64_MAX:  # inf or NaN
                note = (f"Stopped at step {step}: the loss passed the largest float64 "
                        f"(about 1.8e308). This run diverged.")
                break
            weights.append(w.ravel())
            biases.append(b)
            losses.append(loss)
    return Run(np.array(weights), np.array(biases), np.array(losses), note)


def steps_to_reach(losses, tolerance):
    """The first step at which the loss is below ``tolerance`` (None if it never is)."""
    losses = validate.array("losses", losses, ndim=1)
    tolerance = validate.number("tolerance", tolerance, positive=True)
    below = np.nonzero(losses < tolerance)[0]
    return int(below[0]) if below.size else None


def loss_grid(x, y, weights, biases):
    """The MSE of the one-feature model ``w * x + b`` at every (w, b) of a grid.

    ``weights`` and ``biases`` are 1-D; returns an array of shape
    ``(len(biases), len(weights))``, ready for ``contour(weights, biases, Z)``.
    A loss too big for float64 comes out as inf.
    """
    x, y = _data(x, y)
    if x.shape[1] != 1:
        raise ValueError(f"x must have one feature (one column), got shape {x.shape}")
    x, y = x.ravel(), y.ravel()
    W, B = np.meshgrid(validate.array("weights", weights, ndim=1),
                       validate.array("biases", biases, ndim=1))
    with np.errstate(over="ignore"):
        # misses[i, j, k]: the miss on data point k of the line with weight W[i, j], bias B[i, j]
        misses = W[..., None] * x + B[..., None] - y
        return np.mean(misses * misses, axis=-1)
