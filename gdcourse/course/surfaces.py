"""Two-dimensional loss surfaces for racing optimizers (lesson 07).

A real network has millions of weights, but the trouble optimizers meet is
already there with two: a long, narrow valley (a "ravine") where the slope
across the valley is steep and the slope along it is gentle. Plain gradient
descent zig-zags across and crawls along; momentum and adaptive methods are
answers to that.

A ``Surface`` bundles what a race needs:

- ``value(p)``     the loss at a point ``p = [x, y]`` (or at many points:
                    any array whose last axis has length 2, such as a grid)
- ``gradient(p)``  the slope ``[df/dx, df/dy]`` at a point (same shapes)
- ``minimum``      where the loss is lowest
- ``start``        a starting point that makes the race interesting
- ``xlim, ylim``   a box that shows the whole race, for contour plots
"""
import math
from collections import namedtuple

import numpy as np

from gdcourse import validate

Surface = namedtuple("Surface", "name value gradient minimum start xlim ylim")

TOO_FAR = 1e6  # a run that gets this far from the start has left the picture for good
LARGEST_SETTING = 1e6  # condition numbers, a and b beyond this make no sense on a picture


def _point(p):
    """``p`` as a float array whose last axis holds (x, y), or a clear error."""
    p = validate.array("p", p, ndim=(1, 2, 3))
    if p.shape[-1] != 2:
        raise ValueError(f"p must hold points (x, y): its last axis must have length 2, "
                         f"got shape {p.shape}")
    return p


def _setting(name, value, positive=False):
    value = validate.number(name, value, positive=positive)
    if abs(value) > LARGEST_SETTING:
        raise ValueError(f"{name} must be at most {LARGEST_SETTING:g} in size, got {value!r}")
    return value


def ravine(condition=25.0, angle=0.0):
    """The quadratic valley ``f(p) = 1/2 p.T A p`` with curvatures 1 and ``condition``.

    With ``angle=0`` it is ``f(x, y) = (x**2 + condition * y**2) / 2``: gentle
    along x, ``condition`` times steeper along y. ``angle`` (degrees) turns
    the valley, so that it no longer lines up with the axes. The minimum is
    at (0, 0) and the gradient is ``A p``. Gradient descent converges for
    learning rates below ``2 / condition`` (the steep direction decides).
    """
    condition = _setting("condition", condition, positive=True)
    theta = math.radians(validate.number("angle", angle))
    c, s = math.cos(theta), math.sin(theta)  # the valley's own axes: u = (c, s) along, v = (-s, c) across
    turn = np.array([[c, -s], [s, c]])
    # The Hessian A = turn diag(1, condition) turn.T, written out entry by entry.
    a_xx, a_xy, a_yy = c * c + condition * s * s, (1.0 - condition) * c * s, s * s + condition * c * c

    # Both functions use only elementwise arithmetic, no matrix product: numpy hands
    # matrix products to BLAS, whose last bits differ from one CPU to another, and a
    # race of 100 steps can grow that into a different printed loss.
    def value(p):
        # In the valley's own coordinates f = (u**2 + condition v**2) / 2: a sum of squares,
        # so a point far out gives inf, never inf - inf = NaN.
        p = _point(p)
        x, y = p[..., 0], p[..., 1]
        with np.errstate(over="ignore"):
            u, v = c * x + s * y, c * y - s * x
            return 0.5 * (u * u + condition * (v * v))

    def gradient(p):
        p = _point(p)
        x, y = p[..., 0], p[..., 1]
        with np.errstate(over="ignore", invalid="ignore"):
            g = np.stack([a_xx * x + a_xy * y, a_xy * x + a_yy * y], axis=-1)
        if np.isnan(g).any():
            raise ValueError("p is so far out that the gradient overflows float64")
        return g

    # Start near one end of the valley, off its floor; the box holds the valley's
    # middle part: 5 either way along it, 1.6 either way across (turned with it).
    start = np.array([c * -4.5 - s * 1.2, s * -4.5 + c * 1.2])
    corners = turn @ np.array([[5.0, 5.0, -5.0, -5.0], [1.6, -1.6, 1.6, -1.6]])
    x_reach, y_reach = np.abs(corners).max(axis=1)
    name = f"ravine (condition {condition:g}" + (f", turned {angle:g} degrees)" if angle else ")")
    return Surface(name, value, gradient, np.zeros(2), start,
                   (-float(x_reach), float(x_reach)), (-float(y_reach), float(y_reach)))


def rosenbrock(a=1.0, b=100.0):
    """Rosenbrock's banana valley ``f(x, y) = (a - x)**2 + b (y - x**2)**2``.

    The minimum, (a, a**2), lies at the bottom of a curved, flat-floored
    valley: easy to fall into, slow to follow to the end.
    """
    a = _setting("a", a)
    b = _setting("b", b, positive=True)

    def value(p):
        p = _point(p)
        x, y = p[..., 0], p[..., 1]
        with np.errstate(over="ignore"):  # far out the loss is honestly inf
            return (a - x) ** 2 + b * (y - x * x) ** 2

    def gradient(p):
        p = _point(p)
        x, y = p[..., 0], p[..., 1]
        with np.errstate(over="ignore", invalid="ignore"):
            across = y - x * x  # how far above the valley floor y = x**2 we are
            g = np.stack([-2.0 * (a - x) - 4.0 * b * x * across, 2.0 * b * across], axis=-1)
        if np.isnan(g).any():
            raise ValueError("p is so far out that the gradient overflows float64")
        return g

    return Surface(f"Rosenbrock (a={a:g}, b={b:g})", value, gradient, np.array([a, a * a]),
                   np.array([-1.5, 2.0]), (-2.0, 2.0), (-1.0, 3.0))


def with_noise(gradient, scale, seed):
    """A gradient function that adds Gaussian noise (standard deviation ``scale``).

    This is what a mini-batch gradient looks like: right on average, off by a
    random amount each time. The noise comes from its own generator seeded
    with ``seed``, so two functions made with the same seed add the same
    noise at their first, second, ... call: every optimizer in a race meets
    the same bumps.
    """
    if not callable(gradient):
        raise TypeError(f"gradient must be a function of a point, got {type(gradient).__name__}")
    scale = validate.number("scale", scale, nonnegative=True)
    rng = np.random.default_rng(validate.integer("seed", seed, minimum=0))

    def noisy_gradient(p):
        g = _slope(gradient(p))
        return g + rng.normal(0.0, scale, size=g.shape)

    return noisy_gradient


def _slope(g):
    """What a gradient function returned, as a float array (inf and NaN pass: a run may diverge)."""
    if isinstance(g, (str, bytes)) or g is None or getattr(getattr(g, "dtype", None), "kind", None) == "c":
        raise TypeError(f"gradient must return numbers, the slope [df/dx, df/dy], got {type(g).__name__}")
    try:
        return np.asarray(g, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"gradient must return numbers, the slope [df/dx, df/dy], "
                        f"got {type(g).__name__}") from None


def descend(optimizer, gradient, start, steps):
    """Run ``optimizer`` for ``steps`` steps from ``start``; return the path, shape (steps + 1, 2).

    ``optimizer`` is a gdcourse optimizer (``SGD``, ``Adam``, ...);
    ``gradient`` a function of a point. A run that diverges stops early
    (once it is further than ``TOO_FAR`` from the start, or not finite), so
    its path is shorter.
    """
    if not callable(getattr(optimizer, "apply_gradients", None)):
        raise TypeError(f"optimizer must be a gdcourse optimizer such as SGD(0.01), "
                        f"got {type(optimizer).__name__}")
    if not callable(gradient):
        raise TypeError(f"gradient must be a function of a point, got {type(gradient).__name__}")
    steps = validate.integer("steps", steps, minimum=0)
    point = validate.array("start", start, ndim=1).copy()  # the optimizer updates this array in place
    if point.size != 2:
        raise ValueError(f"start must be a point (x, y), got {point.size} numbers")
    start = point.copy()
    path = [start]
    with np.errstate(all="ignore"):  # a diverging run is stopped below, not warned about
        for _ in range(steps):
            optimizer.apply_gradients([(_slope(gradient(point)), point)])
            if not np.all(np.abs(point - start) < TOO_FAR):  # also catches inf and NaN
                break
            path.append(point.copy())
    return np.array(path)


def race(surface, optimizers, steps, noise=0.0, seed=0, start=None):
    """Every optimizer in the dict ``optimizers`` (name -> optimizer) on ``surface``.

    Returns a dict name -> path. With ``noise > 0`` each one gets gradients
    with the same seeded noise (see ``with_noise``).
    """
    _check_surface(surface)
    if not hasattr(optimizers, "items"):
        raise TypeError(f"optimizers must be a dict of name -> optimizer, "
                        f"got {type(optimizers).__name__}")
    noise = validate.number("noise", noise, nonnegative=True)
    start = surface.start if start is None else start
    paths = {}
    for name, optimizer in optimizers.items():
        if not callable(getattr(optimizer, "apply_gradients", None)):
            raise TypeError(f"optimizers[{name!r}] must be a gdcourse optimizer such as SGD(0.01), "
                            f"got {type(optimizer).__name__}")
        paths[name] = descend(optimizer, _gradient(surface, noise, seed), start, steps)
    return paths


def _check_surface(surface):
    if not isinstance(surface, Surface):
        raise TypeError(f"surface must be a Surface such as surfaces.ravine(), "
                        f"got {type(surface).__name__}")


def _gradient(surface, noise, seed):
    """The surface's gradient, with seeded noise when ``noise > 0``."""
    return surface.gradient if noise == 0 else with_noise(surface.gradient, noise, seed)


def final_loss(surface, path, last=1):
    """The mean loss over the last ``last`` points of ``path``."""
    _check_surface(surface)
    path = validate.array("path", path, ndim=2)
    if path.shape[1] != 2:
        raise ValueError(f"path must have shape (points, 2), got {path.shape}")
    last = validate.integer("last", last, minimum=1)
    return float(np.mean(surface.value(path[-last:])))


def tune_learning_rate(make_optimizer, surface, rates, steps, noise=0.0, seed=0, last=10):
    """Try every learning rate in ``rates``; return ``(best_rate, {rate: loss})``.

    ``make_optimizer(rate)`` makes a fresh optimizer. A rate scores the mean
    loss over its run's ``last`` points; a run that diverged scores inf.
    This is the honest way to give every optimizer in a race a fair chance:
    each gets the rate that suits it best on this problem.
    """
    _check_surface(surface)
    if not callable(make_optimizer):
        raise TypeError(f"make_optimizer must be a function of a learning rate, "
                        f"got {type(make_optimizer).__name__}")
    rates = [validate.number("rates", rate, positive=True)
             for rate in validate.array("rates", rates, ndim=1)]
    noise = validate.number("noise", noise, nonnegative=True)
    steps = validate.integer("steps", steps, minimum=1)
    scores = {}
    for rate in rates:
        optimizer = make_optimizer(rate)
        if not callable(getattr(optimizer, "apply_gradients", None)):
            raise TypeError(f"make_optimizer({rate!r}) must return a gdcourse optimizer such as "
                            f"SGD({rate!r}), got {type(optimizer).__name__}")
        path = descend(optimizer, _gradient(surface, noise, seed), surface.start, steps)
        scores[rate] = final_loss(surface, path, last) if len(path) == steps + 1 else float("inf")
    # Scores within a millionth of the best count as a tie, won by the smallest rate, so
    # a last-bit difference between two machines never changes the winner.
    lowest = min(scores.values())
    best = min(rate for rate, score in scores.items() if score <= lowest + 1e-6 * abs(lowest))
    return best, scores
