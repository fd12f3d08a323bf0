"""Forecasting tomorrow's count from the days before it (lesson 09, the capstone), judged on the
last ``VALIDATION_DAYS`` days against the naive "tomorrow is the same as today"."""
import numpy as np

from gdcourse import validate
from gdcourse.course.datasets import make_lagged
from gdcourse.course.prediction_error import mean_squared_error as mse
from gdcourse.framework import layers, models, optimizers
from gdcourse.locale import _

VALIDATION_DAYS = 14  # two weeks: long enough to average out the weekly reporting pattern


def _series_and_days(series, days, name="days"):
    series = validate.array("series", series, ndim=1)
    days = validate.integer(name, days, minimum=1)
    if days >= len(series):
        raise ValueError(_("{name} must be smaller than the length of series ({length}), got {days}: the first "
                           "forecast needs at least one earlier day", name=name, length=len(series), days=days))
    return series, days


def same_as_yesterday(series, days=VALIDATION_DAYS):
    """The naive forecasts for the last ``days`` days: each is the day before's count."""
    series, days = _series_and_days(series, days)
    return series[-days - 1:-1].copy()


def validation_split(series, lags, validation_days=VALIDATION_DAYS):
    """``(X_train, y_train, X_val, y_val)``: the last ``validation_days`` rows of ``make_lagged`` validate."""
    series, validation_days = _series_and_days(series, validation_days, "validation_days")
    X, y = make_lagged(series, lags)
    if validation_days >= len(X):
        raise ValueError(_("with lags={lags} the series gives {rows} rows, too few to keep {days} for validation and "
                           "still train on some", lags=lags, rows=len(X), days=validation_days))
    return X[:-validation_days], y[:-validation_days], X[-validation_days:], y[-validation_days:]


def compare_with_baseline(predictions, series, days=VALIDATION_DAYS):
    """``{model_mse, baseline_mse, ratio}`` on the last ``days`` days; a ratio below 1 beats the baseline."""
    series, days = _series_and_days(series, days)
    predictions = validate.array("predictions", predictions).ravel()
    if predictions.size != days:
        raise ValueError(_("predictions has {size} values, but days is {days}: give one forecast per day",
                           size=predictions.size, days=days))
    model_mse = mse(series[-days:], predictions)
    baseline_mse = mse(series[-days:], same_as_yesterday(series, days))
    # A perfect baseline (a constant series) can at best be tied.
    ratio = model_mse / baseline_mse if baseline_mse > 0 else 1.0 if model_mse == 0 else float("inf")
    return {"model_mse": model_mse, "baseline_mse": baseline_mse, "ratio": ratio}


def lag_model_forecast(series, days=VALIDATION_DAYS, lags=7, train_rows=56, log=True,
                       optimizer="adam", learning_rate=0.01, epochs=200, batch_size=16, seed=0):
    """gdcourse's own answer, forecasts for the last ``days``: a one-unit Dense model on the last
    ``lags`` days of log(1 + count) (``log``), trained on the last ``train_rows`` rows, standardized."""
    series, days = _series_and_days(series, days)
    values = np.log1p(series) if log else series
    X_train, y_train, X_val, _y_val = validation_split(values, lags, days)
    if train_rows is not None:
        train_rows = validate.integer("train_rows", train_rows, minimum=1)
        X_train, y_train = X_train[-train_rows:], y_train[-train_rows:]
    center, scale = X_train.mean(), X_train.std()
    model = models.Sequential([layers.Dense(1, input_shape=[lags], seed=seed)])
    optimizer = optimizers.get(optimizer)
    optimizer.learning_rate = learning_rate
    model.compile(optimizer=optimizer, loss="mse")
    model.fit((X_train - center) / scale, (y_train - center) / scale, epochs=epochs,
              batch_size=batch_size, verbose=0, seed=seed)
    forecast = model.predict((X_val - center) / scale).ravel() * scale + center
    return np.expm1(forecast) if log else forecast
