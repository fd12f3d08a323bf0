"""Two-dimensional loss surfaces on which optimizers race (lesson 08). A ``Surface`` holds ``value(p)``
and ``gradient(p)`` (p's last axis is (x, y)), the ``minimum``, a ``start`` and a box for plots."""
import math
from collections import namedtuple

import numpy as np

from gdcourse import validate
from gdcourse.framework.tensor import quiet
from gdcourse.locale import N_, _

Surface = namedtuple("Surface", "name value gradient minimum start xlim ylim")

TOO_FAR = 1e6  # a run this far from its start has left the picture for good


def _point(p):
    p = validate.array("p", p, ndim=(1, 2, 3))
    if p.shape[-1] != 2:
        raise ValueError(_("p must hold points (x, y): its last axis must have length 2, got shape {shape}",
                           shape=p.shape))
    return p


def ravine(condition=25.0, angle=0.0):
    """A long, narrow valley: ``f = (u**2 + condition * v**2) / 2`` in its own axes, turned ``angle``
    degrees. Plain gradient descent zig-zags across it and converges for rates below 2 / condition."""
    condition = validate.number("condition", condition, positive=True)
    if condition > 1e6:
        raise ValueError(_("condition must be at most 1e+06, got {condition!r}", condition=condition))
    theta = math.radians(validate.number("angle", angle))
    c, s = math.cos(theta), math.sin(theta)  # along the valley (c, s), across it (-s, c)
    # The Hessian turn @ diag(1, condition) @ turn.T entry by entry: elementwise arithmetic,
    # never a BLAS matrix product, whose last bits differ from one CPU to another.
    a_xx, a_xy, a_yy = c * c + condition * s * s, (1.0 - condition) * c * s, s * s + condition * c * c

    def value(p):
        p = _point(p)
        with quiet():  # a sum of squares: far out it is inf, never NaN
            u, v = c * p[..., 0] + s * p[..., 1], c * p[..., 1] - s * p[..., 0]
            return 0.5 * (u * u + condition * (v * v))

    def gradient(p):
        p = _point(p)
        x, y = p[..., 0], p[..., 1]
        with quiet():
            g = np.stack([a_xx * x + a_xy * y, a_xy * x + a_yy * y], axis=-1)
        if np.isnan(g).any():
            raise ValueError(_("p is so far out that the gradient overflows float64"))
        return g

    # Start near one end, off the floor; the box shows 5 either way along and 1.6 across.
    start = np.array([c * -4.5 - s * 1.2, s * -4.5 + c * 1.2])
    corners = np.array([[c, -s], [s, c]]) @ np.array([[5.0, 5.0, -5.0, -5.0], [1.6, -1.6, 1.6, -1.6]])
    x_reach, y_reach = np.abs(corners).max(axis=1)
    name = (_("ravine (condition {condition:g}, turned {angle:g} degrees)", condition=condition, angle=angle) if angle
            else _("ravine (condition {condition:g})", condition=condition))
    return Surface(name, value, gradient, np.zeros(2), start,
                   (-float(x_reach), float(x_reach)), (-float(y_reach), float(y_reach)))


def with_noise(gradient, scale, seed):
    """``gradient`` plus seeded normal noise of std ``scale``, like a mini-batch's: same seed, same bumps."""
    _callable("gradient", gradient)
    scale = validate.number("scale", scale, nonnegative=True)
    rng = np.random.default_rng(validate.integer("seed", seed, minimum=0))
    return lambda p: (g := _slope(gradient(p))) + rng.normal(0.0, scale, size=g.shape)


def _callable(name, f, what=N_("a function of a point")):
    if not callable(f):
        raise TypeError(_("{name} must be {what}, got {type}", name=name, what=what, type=type(f).__name__))


def _optimizer(name, optimizer):
    _callable(name, getattr(optimizer, "apply_gradients", None), N_("a gdcourse optimizer such as SGD(0.01)"))


def _slope(g):  # a learner's gradient's answer as a float array (inf and NaN pass: a run may diverge)
    try:
        if isinstance(g, (str, bytes)) or g is None or np.iscomplexobj(g):
            raise TypeError
        return np.asarray(g, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(_("gradient must return numbers, the slope [df/dx, df/dy], got {type}",
                          type=type(g).__name__)) from None


def descend(optimizer, gradient, start, steps):
    """``steps`` optimizer steps from ``start``: the path, shape (steps + 1, 2), shorter if it diverged."""
    _optimizer("optimizer", optimizer)
    _callable("gradient", gradient)
    steps = validate.integer("steps", steps, minimum=0)
    point = validate.array("start", start, ndim=1).copy()  # the optimizer updates it in place
    if point.size != 2:
        raise ValueError(_("start must be a point (x, y), got {size} numbers", size=point.size))
    path = [point.copy()]
    with quiet():  # a diverging run is stopped, not warned about
        for _step in range(steps):
            optimizer.apply_gradients([(_slope(gradient(point)), point)])
            if not np.all(np.abs(point - path[0]) < TOO_FAR):  # also catches inf and NaN
                break
            path.append(point.copy())
    return np.array(path)


def _surface(surface, noise, seed):  # the surface's gradient, with seeded noise when noise > 0
    if not isinstance(surface, Surface):
        raise TypeError(_("surface must be a Surface such as surfaces.ravine(), got {type}",
                          type=type(surface).__name__))
    noise = validate.number("noise", noise, nonnegative=True)
    return surface.gradient if noise == 0 else with_noise(surface.gradient, noise, seed)


def race(surface, optimizers, steps, noise=0.0, seed=0, start=None):
    """Every optimizer of the dict ``optimizers`` on ``surface`` (with the same noise): name -> path."""
    _surface(surface, noise, seed)
    if not hasattr(optimizers, "items"):
        raise TypeError(_("optimizers must be a dict of name -> optimizer, got {type}", type=type(optimizers).__name__))
    for name, optimizer in optimizers.items():
        _optimizer(f"optimizers[{name!r}]", optimizer)
    start = surface.start if start is None else start
    return {name: descend(optimizer, _surface(surface, noise, seed), start, steps)
            for name, optimizer in optimizers.items()}


def tune_learning_rate(make_optimizer, surface, rates, steps, noise=0.0, seed=0, last=10):
    """``(best_rate, {rate: mean loss of the run's last points})``; a diverged run scores inf."""
    _surface(surface, noise, seed)
    _callable("make_optimizer", make_optimizer, N_("a function of a learning rate"))
    rates = [validate.number("rates", rate, positive=True) for rate in validate.array("rates", rates, ndim=1)]
    steps = validate.integer("steps", steps, minimum=1)
    last = validate.integer("last", last, minimum=1)
    scores = {}
    for rate in rates:
        optimizer = make_optimizer(rate)
        _optimizer(f"make_optimizer({rate!r})", optimizer)
        path = descend(optimizer, _surface(surface, noise, seed), surface.start, steps)
        scores[rate] = float(np.mean(surface.value(path[-last:]))) if len(path) == steps + 1 else math.inf
    # A score within a millionth of the best ties, won by the smallest rate: a last-bit
    # difference between two machines never changes the winner.
    lowest = min(scores.values())
    return min(rate for rate, score in scores.items() if score <= lowest + 1e-6 * abs(lowest)), scores
