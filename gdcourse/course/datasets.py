"""Small data sets for the lessons, all made in code (nothing is downloaded).

Every function returns plain float64 numpy arrays; the shapes are in each
docstring.

=====================  ==========================================  ============
function               what                                        from article
=====================  ==========================================  ============
``article000()``       4 rows x 4 features, target = 2 * first     000 (TF.js)
``article001()``       x = 1..99, y = x**2                         001 (TF.js)
``noisy_line()``       y = 2x + noise(mean 50, std 20)             004 (TF)
``infected_counts()``  a daily count of infected patients          003's story
``make_lagged()``      turn a series into (previous days, next day)
=====================  ==========================================  ============
"""
import numpy as np

from gdcourse import validate


def article000():
    """The linear-regression data of article 000 (4 features, 4 rows).

    Returns ``(x_train, y_train, x_test, y_test)``:

    - ``x_train`` shape (4, 4): rows [1,2,3,4], [2,3,4,5], [3,4,5,6], [4,5,6,7]
    - ``y_train`` shape (4, 1): 2, 4, 6, 8
    - ``x_test``  shape (4, 4): rows [5,6,7,8], [6,7,8,9], [7,8,9,10], [8,9,10,11]
    - ``y_test``  shape (4, 1): 10, 12, 14, 16

    Each row counts up by one, and the target is twice the row's first value.
    """
    def rows(starts):
        # each row: start, start + 1, start + 2, start + 3
        return starts[:, None] + np.arange(4.0)

    starts_train = np.array([1.0, 2.0, 3.0, 4.0])
    starts_test = np.array([5.0, 6.0, 7.0, 8.0])
    x_train = rows(starts_train)
    y_train = (2.0 * starts_train)[:, None]
    x_test = rows(starts_test)
    y_test = (2.0 * starts_test)[:, None]
    return x_train, y_train, x_test, y_test


def article001():
    """The data of article 001: ``x = 1, 2, ..., 99`` and ``y = x**2``.

    ``tf.range(1, 100, 1)`` stops *before* 100, so there are 99 points.
    Returns ``(x, y)``, both float64 of shape (99,).
    """
    x = np.arange(1.0, 100.0)
    return x, x ** 2


def noisy_line(n=100, seed=23):
    """The noisy line of article 004: ``y = 2x + noise``.

    ``x`` is uniform in [0, 100) and the noise is normal with mean 50 and
    standard deviation 20, drawn from ``np.random.default_rng(seed)``.
    Returns ``(x, y)``, both float64 of shape (n, 1).

    The article used ``tf.random.set_seed(23)``; numpy's generator is a
    different one, so the points differ from the article's figure even
    though the recipe (and the seed number) is the same.
    """
    n = validate.integer("n", n, minimum=1)
    seed = validate.integer("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 100.0, size=(n, 1))
    noise = rng.normal(loc=50.0, scale=20.0, size=(n, 1))
    return x, 2.0 * x + noise


# Reporting pattern, Monday first: fewer cases are reported at the weekend
# and some of them show up on Monday instead.
_WEEKDAY_FACTOR = np.array([1.15, 1.05, 1.0, 1.0, 0.98, 0.8, 0.7])
# numpy's Generator.poisson refuses means above about 9.2e18.
_LARGEST_POISSON_MEAN = 1e18


def infected_counts(days=120, seed=0, *, population=20_000, growth=0.08, peak_day=60):
    """A made-up daily count of newly infected patients (the capstone's data).

    The expected number of new cases follows a logistic epidemic curve
    (``population`` people infected in total, growth rate ``growth`` per
    day, fastest growth on ``peak_day``), times a weekly reporting pattern
    (low at weekends, catch-up on Mondays), with Poisson noise on top.

    Returns a float64 array of shape (days,) holding non-negative whole
    numbers. The same ``seed`` always gives the same series.
    """
    days = validate.integer("days", days, minimum=1)
    seed = validate.integer("seed", seed, minimum=0)
    population = validate.number("population", population, positive=True)
    growth = validate.number("growth", growth, positive=True)
    peak_day = validate.number("peak_day", peak_day)
    rng = np.random.default_rng(seed)

    t = np.arange(days, dtype=np.float64)
    # Far from the peak exp(...) overflows: then honestly inf, and the share is 0.
    with np.errstate(over="ignore", invalid="ignore"):
        infected_so_far = population / (1.0 + np.exp(-growth * (t - peak_day)))
        # New cases per day = derivative of the logistic curve: N r s (1 - s).
        share = infected_so_far / population
        expected = population * growth * share * (1.0 - share)
    expected *= _WEEKDAY_FACTOR[np.arange(days) % 7]
    if not np.all(expected < _LARGEST_POISSON_MEAN):  # also False for NaN (from inf * 0)
        raise ValueError(f"population * growth is too large: the expected number of new cases "
                         f"would reach about {population * growth / 4:.3g} a day (N r / 4 at "
                         f"the peak), more than numpy's Poisson sampler can draw (about 1e18); "
                         f"use a smaller population or growth")
    return rng.poisson(expected).astype(np.float64)


def make_lagged(series, lags=7):
    """Turn a series into features "the previous ``lags`` days" and target "the next day".

    Row ``i`` of ``X`` is ``series[i : i + lags]`` and ``y[i]`` is
    ``series[i + lags]``. Returns ``(X, y)`` with shapes
    ``(len(series) - lags, lags)`` and ``(len(series) - lags, 1)``.

    >>> X, y = make_lagged([1, 2, 3, 4, 5], lags=2)
    >>> X.tolist(), y.ravel().tolist()
    ([[1.0, 2.0], [2.0, 3.0], [3.0, 4.0]], [3.0, 4.0, 5.0])
    """
    series = validate.array("series", series, ndim=1)
    lags = validate.integer("lags", lags, minimum=1)
    if lags >= len(series):
        raise ValueError(
            f"lags must be smaller than the length of series ({len(series)}), got {lags}; "
            "use fewer lags or a longer series"
        )
    n = len(series) - lags
    X = np.stack([series[i:i + lags] for i in range(n)])
    y = series[lags:].reshape(n, 1).copy()
    return X, y
