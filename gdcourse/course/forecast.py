"""Forecasting tomorrow's count from the days before it (lesson 08, the capstone).

A forecast for day ``t`` may use the counts of days ``0 .. t-1`` and nothing
later. We judge forecasts on the last ``VALIDATION_DAYS`` days of the series
(the *validation days*) and train only on the days before them, so the score
says how the model does on days it has never seen.

The yardstick is the naive forecast "tomorrow is the same as today"
(``same_as_yesterday``): free, and hard to beat on a series that changes
slowly. A model earns its keep only if its validation error is lower.
"""
import numpy as np

from gdcourse import validate
from gdcourse.course.datasets import make_lagged

VALIDATION_DAYS = 14  # two weeks: long enough to average out the weekly reporting pattern

__all__ = ["VALIDATION_DAYS", "same_as_yesterday", "validation_split", "mse",
           "compare_with_baseline", "lag_model_forecast"]


def _series_and_days(series, days, name="days"):
    series = validate.array("series", series, ndim=1)
    days = validate.integer(name, days, minimum=1)
    if days >= len(series):
        raise ValueError(f"{name} must be smaller than the length of series ({len(series)}), got {days}: "
                         "the first forecast needs at least one earlier day")
    return series, days


def same_as_yesterday(series, days=VALIDATION_DAYS):
    """The naive forecasts for the last ``days`` days: each day's forecast is the day before's count.

    >>> same_as_yesterday([5, 7, 6, 9], days=2).tolist()   # forecasts for 6 and 9
    [7.0, 6.0]
    """
    series, days = _series_and_days(series, days)
    return series[-days - 1:-1].copy()


def validation_split(series, lags, validation_days=VALIDATION_DAYS):
    """Lag features, split in time: ``(X_train, y_train, X_val, y_val)``.

    Row ``i`` of ``X`` holds ``lags`` consecutive days and ``y[i]`` the day
    after them (see ``gdcourse.course.datasets.make_lagged``). The last
    ``validation_days`` rows, whose targets are the validation days, form the
    validation set; all rows before them the training set. A validation row's
    features may be earlier validation days: that is fine, because by then
    those days have happened.
    """
    series, validation_days = _series_and_days(series, validation_days, "validation_days")
    X, y = make_lagged(series, lags)
    if validation_days >= len(X):
        raise ValueError(f"with lags={lags} the series gives {len(X)} rows, too few to keep "
                         f"{validation_days} for validation and still train on some")
    return X[:-validation_days], y[:-validation_days], X[-validation_days:], y[-validation_days:]


def mse(predictions, truth):
    """Mean squared error of ``predictions`` against ``truth`` (any shapes holding the same count)."""
    predictions = validate.array("predictions", predictions).ravel()
    truth = validate.array("truth", truth).ravel()
    if predictions.shape != truth.shape:
        raise ValueError(f"predictions has {predictions.size} values but truth has {truth.size}")
    with np.errstate(over="ignore"):  # a miss too big to square is honestly an infinite error
        return float(np.mean((predictions - truth) ** 2))


def compare_with_baseline(predictions, series, days=VALIDATION_DAYS):
    """Score forecasts for the last ``days`` days against "same as yesterday".

    Returns a dict: ``model_mse``, ``baseline_mse`` and ``ratio`` =
    model_mse / baseline_mse (below 1 means the model beats the baseline).
    """
    series, days = _series_and_days(series, days)
    predictions = validate.array("predictions", predictions).ravel()
    if predictions.size != days:
        raise ValueError(f"predictions has {predictions.size} values, but days is {days}: "
                         "give one forecast per day")
    model_mse = mse(predictions, series[-days:])
    baseline_mse = mse(same_as_yesterday(series, days), series[-days:])
    if baseline_mse > 0:
        ratio = model_mse / baseline_mse
    else:  # a perfect baseline (a constant series): a tie at best
        ratio = 1.0 if model_mse == 0 else float("inf")
    return {"model_mse": model_mse, "baseline_mse": baseline_mse, "ratio": ratio}


def lag_model_forecast(series, days=VALIDATION_DAYS, lags=7, train_rows=56, log=True,
                       optimizer="adam", learning_rate=0.01, epochs=200, batch_size=16, seed=0):
    """gdcourse's own answer to the capstone: a one-unit Dense model on the last ``lags`` days.

    The choices, each one a knob of this function:

    - ``log=True``: work with log(1 + count). An epidemic grows and shrinks
      by a *factor* per day; in logs a factor becomes a step, which a linear
      model can represent, and the big counts at the peak stop dominating
      the loss.
    - ``lags=7``: one week of history, so the weekly reporting pattern (few
      cases at weekends, catch-up on Mondays) is in view.
    - ``train_rows=56``: learn from the last 8 weeks before the validation
      days only (``None`` = all of them); the early growth phase follows a
      different rule than the decline.
    - standardize inputs and targets with the training mean and standard
      deviation (all columns are the same quantity, so one mean and one
      standard deviation serve them all): the learning rate then works
      whatever the size of the counts.
    - ``optimizer='adam'`` with ``learning_rate=0.01``, ``epochs``,
      ``batch_size``: mini-batch training with a forgiving optimizer.

    Returns forecasts (counts) for the last ``days`` days, each made from the
    ``lags`` days before it; training sees only earlier rows.
    """
    from gdcourse.framework import optimizers
    from gdcourse.framework.layers import Dense
    from gdcourse.framework.models import Sequential

    series, days = _series_and_days(series, days)
    values = np.log1p(series) if log else series
    X_train, y_train, X_val, _ = validation_split(values, lags, days)
    if train_rows is not None:
        train_rows = validate.integer("train_rows", train_rows, minimum=1)
        X_train, y_train = X_train[-train_rows:], y_train[-train_rows:]
    center, scale = X_train.mean(), X_train.std()

    model = Sequential([Dense(1, input_shape=[lags], seed=seed)])
    optimizer = optimizers.get(optimizer)
    optimizer.learning_rate = learning_rate
    model.compile(optimizer=optimizer, loss="mse")
    model.fit((X_train - center) / scale, (y_train - center) / scale, epochs=epochs,
              batch_size=batch_size, verbose=0, seed=seed)
    forecast = model.predict((X_val - center) / scale).ravel() * scale + center
    return np.expm1(forecast) if log else forecast
