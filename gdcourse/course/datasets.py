"""Small data sets for the lessons, all made in code (nothing is downloaded): float64 arrays."""
import numpy as np

from gdcourse import validate
from gdcourse.framework.tensor import quiet
from gdcourse.locale import _


def article000():
    """Article 000's ``(x_train, y_train, x_test, y_test)``: rows count up from 1..4, 5..8; y = 2 * first."""
    rows = np.arange(1.0, 9.0)[:, None] + np.arange(4.0)
    return rows[:4].copy(), 2.0 * rows[:4, :1], rows[4:].copy(), 2.0 * rows[4:, :1]


def article001():
    """Article 001's ``x = 1, ..., 99`` (``tf.range(1, 100)`` stops before 100) and ``y = x**2``."""
    x = np.arange(1.0, 100.0)
    return x, x ** 2


def noisy_line(n=100, seed=23):
    """Article 004's ``y = 2x + noise``: x uniform in [0, 100), noise normal (mean 50, std 20), (n, 1)
    each; seeded like the article, but numpy's generator is not TensorFlow's: other points, same recipe."""
    n = validate.integer("n", n, minimum=1)
    rng = np.random.default_rng(validate.integer("seed", seed, minimum=0))
    x = rng.uniform(0.0, 100.0, size=(n, 1))
    return x, 2.0 * x + rng.normal(loc=50.0, scale=20.0, size=(n, 1))


# Reporting pattern, Monday first: fewer cases at the weekend, some caught up on Monday.
_WEEKDAY_FACTOR = np.array([1.15, 1.05, 1.0, 1.0, 0.98, 0.8, 0.7])


def infected_counts(days=120, seed=0, *, population=20_000, growth=0.08, peak_day=60):
    """A made-up daily count of new infections, shape (days,): a logistic epidemic (``population`` in
    all, ``growth`` per day, fastest on ``peak_day``) times a weekly reporting pattern, Poisson noise."""
    days = validate.integer("days", days, minimum=1)
    seed = validate.integer("seed", seed, minimum=0)
    population = validate.number("population", population, positive=True)
    growth = validate.number("growth", growth, positive=True)
    peak_day = validate.number("peak_day", peak_day)
    t = np.arange(days, dtype=np.float64)
    with quiet():  # far from the peak exp overflows: the share is 0
        share = population / (1.0 + np.exp(-growth * (t - peak_day))) / population  # infected so far
        expected = population * growth * share * (1.0 - share)  # the logistic's slope N r s (1 - s)
    expected *= _WEEKDAY_FACTOR[np.arange(days) % 7]
    if not np.all(expected < 1e18):  # numpy's Poisson sampler refuses more than ~9.2e18; also NaN
        raise ValueError(_("population * growth is too large: the expected new cases would reach about {cases:.3g} "
                           "a day, more than numpy's Poisson sampler can draw (about 1e18); use a smaller population "
                           "or growth", cases=population * growth / 4))
    return np.random.default_rng(seed).poisson(expected).astype(np.float64)


def make_lagged(series, lags=7):
    """Features "the previous ``lags`` days", (n - lags, lags), and target "the next day", (n - lags, 1)."""
    series = validate.array("series", series, ndim=1)
    lags = validate.integer("lags", lags, minimum=1)
    if lags >= len(series):
        raise ValueError(_("lags must be smaller than the length of series ({length}), got {lags}; use fewer lags or "
                           "a longer series", length=len(series), lags=lags))
    n = len(series) - lags
    return np.stack([series[i:i + lags] for i in range(n)]), series[lags:].reshape(n, 1).copy()
