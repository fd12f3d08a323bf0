"""Linear regression ``X @ w + b`` (X: (n, k), w: (k, 1), b a number) by gradient descent on the MSE,
in plain numpy (lessons 05-06). Its curvature, the Hessian, sets the speed and the stability."""
from collections import namedtuple

import numpy as np

from gdcourse import validate
from gdcourse.course.prediction_error import mse as _mse
from gdcourse.framework.losses import mean_squared_error
from gdcourse.framework.tensor import quiet
from gdcourse.locale import _


def _data(X, y=None):  # X as an (n, k) array, and y (if given) as an (n, 1) column
    X = validate.array("X", X, ndim=(1, 2))
    X = X[:, None] if X.ndim == 1 else X  # one feature as a flat list: one column
    if y is None:
        return X
    y = validate.array("y", y, ndim=(1, 2))
    y = y.reshape(-1, 1) if y.ndim == 1 or y.shape[1] == 1 else y
    if y.shape != (len(X), 1):
        raise ValueError(_("y must hold one target per row of X ({rows} rows), got shape {shape}", rows=len(X),
                           shape=y.shape))
    return X, y


def _weights(w, k):
    w = validate.array("w", w, ndim=(0, 1, 2))
    if w.size != k:
        raise ValueError(_("w must hold one weight per column of X ({k}), got shape {shape}", k=k, shape=w.shape))
    return w.reshape(k, 1)


def _bias(b):
    b = validate.array("b", b, ndim=(0, 1, 2))
    if b.size != 1:
        raise ValueError(_("b must be one number, got shape {shape}", shape=b.shape))
    return float(b.item())


def _model(X, y, w, b):
    X, y = _data(X, y)
    return X, y, _weights(w, X.shape[1]), _bias(b)


def with_bias_column(X):
    """X with a column of ones on the right: ``X @ w + b == with_bias_column(X) @ [w; b]``."""
    X = _data(X)
    return np.hstack([X, np.ones((len(X), 1))])


def predict(X, w, b):
    """``X @ w + b``: one prediction per row, shape (n, 1)."""
    X = _data(X)
    return X @ _weights(w, X.shape[1]) + _bias(b)


def mse(X, y, w, b):
    """The mean squared error of the predictions ``X @ w + b`` against ``y``."""
    X, y, w, b = _model(X, y, w, b)
    with quiet():
        return _mse(y, X @ w + b)


def gradient(X, y, w, b):
    """The MSE's gradient by the chain rule: ``((2/n) X.T @ r, (2/n) sum(r))``, misses r = X @ w + b - y."""
    r = X @ w + b - y
    return (2.0 / len(X)) * X.T @ r, (2.0 / len(X)) * float(np.sum(r))


def mse_gradient(X, y, w, b):
    """``(dL/dw, dL/db)`` of the MSE; dw has the shape (k, 1) of w, db is a number."""
    with quiet():
        dw, db = gradient(*_model(X, y, w, b))
    if np.isnan(dw).any() or np.isnan(db):  # inf - inf: the misses themselves overflowed
        raise ValueError(_("the predictions X @ w + b overflow float64 (about 1.8e308): X, w or b holds numbers far "
                           "too large for a gradient"))
    return dw, db


def hessian(X):
    """``(2/n) Xt.T @ Xt``, the same everywhere: set by the data alone. Bias last."""
    Xt = with_bias_column(X)
    with quiet():
        H = (2.0 / len(Xt)) * Xt.T @ Xt
    if not np.isfinite(H).all():
        raise ValueError(_("X holds numbers too large for the Hessian: their squares overflow float64 (about "
                           "1.8e308); rescale X first"))
    return H


def curvatures(X):
    """The eigenvalues of ``hessian(X)``, smallest first; rounding noise of a flat direction set to 0."""
    eigenvalues = np.linalg.eigvalsh(hessian(X))
    eigenvalues[np.abs(eigenvalues) < 1e-10 * eigenvalues.max()] = 0.0
    return eigenvalues


def largest_stable_learning_rate(X):
    """``2 / lambda_max``: each step multiplies the miss along an eigenvector by ``1 - lr * lambda``."""
    return 2.0 / curvatures(X).max()


def condition_number(X):
    """``lambda_max / lambda_min`` over the curved directions: big means a slow descent."""
    curved = curvatures(X)
    curved = curved[curved > 0]
    return float(curved.max() / curved.min())


def min_norm_solution(X, y):
    """``(w, b)``: the exact fit with the smallest ``||(w, b)||``, where gradient descent from zero ends."""
    X, y = _data(X, y)
    theta = np.linalg.pinv(with_bias_column(X)) @ y
    return theta[:-1], float(theta[-1, 0])


def standardize(X, mean=None, std=None):
    """``(X_standardized, mean, std)``: every column to mean 0, std 1 (or the training data's given ones)."""
    X = _data(X)
    with quiet():
        mean = X.mean(axis=0) if mean is None else validate.array("mean", mean, ndim=1)
        std = X.std(axis=0) if std is None else validate.array("std", std, ndim=1)
        if mean.shape != (X.shape[1],) or std.shape != (X.shape[1],):
            raise ValueError(_("mean and std must hold one number per column of X ({k})", k=X.shape[1]))
        if np.any(std == 0):
            raise ValueError(_("column {column} of X has the same value in every row (std 0): it cannot be "
                               "standardized; drop it, the bias already does its job",
                               column=np.flatnonzero(std == 0)[0]))
        scaled = (X - mean) / std
    if not (np.isfinite(mean).all() and np.isfinite(std).all() and np.isfinite(scaled).all()):
        raise ValueError(_("X holds numbers too large to standardize: they overflow float64"))
    return scaled, mean, std


class Descent(namedtuple("Descent", "weights biases losses note")):
    """``gradient_descent``'s weights (steps + 1, k), biases and losses at the start and every step."""

    diverged = property(lambda self: bool(self.note))
    steps = property(lambda self: len(self.losses) - 1)
    w = property(lambda self: self.weights[-1][:, None])  # the final weights, a (k, 1) column
    b = property(lambda self: float(self.biases[-1]))


def gradient_descent(X, y, learning_rate, steps, w=None, b=0.0):
    """``steps`` gradient steps from ``w`` (zeros) and ``b``; a ``note`` if the loss passes float64."""
    X, y = _data(X, y)
    learning_rate = validate.number("learning_rate", learning_rate, positive=True)
    steps = validate.integer("steps", steps, minimum=0)
    w = np.zeros((X.shape[1], 1)) if w is None else _weights(w, X.shape[1])
    b = _bias(b)
    with quiet():  # the loss is checked below
        weights, biases, losses, note = [w.ravel()], [b], [_mse(y, X @ w + b)], ""
        for step in range(1, steps + 1):
            dw, db = gradient(X, y, w, b)
            w, b = w - learning_rate * dw, b - learning_rate * db
            loss = _mse(y, X @ w + b)
            if loss == float("inf"):
                note = _("Stopped at step {step}: the loss passed the largest float64 (about 1.8e308). This run "
                         "diverged.", step=step)
                break
            weights.append(w.ravel())
            biases.append(b)
            losses.append(loss)
    return Descent(np.array(weights), np.array(biases), np.array(losses), note)


def steps_to_reach(losses, tolerance):
    """The first step at which the loss is below ``tolerance`` (None if it never is)."""
    losses = validate.array("losses", losses, ndim=1)
    below = np.nonzero(losses < validate.number("tolerance", tolerance, positive=True))[0]
    return int(below[0]) if below.size else None


def loss_grid(x, y, weights, biases):
    """The MSE of ``w * x + b`` at every (w, b) of a grid, shape ``(len(biases), len(weights))``."""
    x, y = _data(x, y)
    if x.shape[1] != 1:
        raise ValueError(_("x must have one feature (one column), got shape {shape}", shape=x.shape))
    W, B = np.meshgrid(validate.array("weights", weights, ndim=1),
                       validate.array("biases", biases, ndim=1))
    with quiet():
        P = W[..., None] * x.ravel() + B[..., None]  # P[i, j, k]: line (i, j) at point k
    P = np.clip(P, -np.finfo(float).max, np.finfo(float).max)  # beyond float64: its loss is inf
    return mean_squared_error(np.broadcast_to(y.ravel(), P.shape), P)
