"""Checks for lesson 08, the capstone: ``beats_baseline`` passes when your forecasts for the last
``VALIDATION_DAYS`` days have a lower mean squared error than "same as yesterday"."""
import functools

import numpy as np

from gdcourse.course import forecast
from gdcourse.checks.core import CheckResult, call_guarded, check_function, no_answer

__all__ = ["same_as_yesterday", "beats_baseline"]

SAME_AS_YESTERDAY_CASES = [
    (np.array([5.0, 7.0, 6.0, 9.0]), 2),
    (np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]), 3),
    (np.array([10.0, 20.0, 15.0]), 1),
    (np.arange(1.0, 31.0) ** 2, 14),
]

_OWN_DAY = "Each day's forecast is the count of *its own* day before: `series[-days - 1:-1]`."
SAME_AS_YESTERDAY_MISTAKES = [
    ("Those are the true counts of the last days themselves, the very thing we forecast. " + _OWN_DAY,
     lambda s, d: s[-d:]),
    ("Shifted one day too far: those are the counts of two days before. " + _OWN_DAY, lambda s, d: s[-d - 2:-2]),
    ("You repeated the very last count for every day. " + _OWN_DAY, lambda s, d: np.full(d, s[-1])),
    ("You repeated the last count before the validation days for every day. " + _OWN_DAY,
     lambda s, d: np.full(d, s[-d - 1])),
]


def same_as_yesterday(learner_fn):
    """Check the naive forecast ``same_as_yesterday(series, days)``."""
    return check_function("same_as_yesterday", learner_fn, SAME_AS_YESTERDAY_CASES, forecast.same_as_yesterday,
                          SAME_AS_YESTERDAY_MISTAKES)



FORECAST_TIMEOUT = 30.0  # seconds: the learner's function may train a model
SUGGESTIONS = ("Ideas: train on log(1 + count); standardize inputs and targets; learn from the recent weeks "
               "only; lower the learning rate if the loss jumps around, or train for more epochs.")
_fail = functools.partial(CheckResult, "beats_baseline", "fail")


def beats_baseline(forecasts, series, days=forecast.VALIDATION_DAYS):
    """Do your forecasts (``days`` counts, or your function ``f(series, days)`` returning them) beat
    "same as yesterday" over the last ``days`` days?"""
    try:
        baseline_forecasts = forecast.same_as_yesterday(series, days)
    except (TypeError, ValueError) as exc:
        return _fail(f"the series to check against is not usable: {exc}")
    series, days = np.asarray(series, dtype=float), int(days)
    truth = series[-days:]
    if forecasts is None:
        return CheckResult("beats_baseline", "todo",
                           "make your forecasts first, then pass them (or your function) here.")
    if callable(forecasts):
        outcome = call_guarded(forecasts, (series.copy(), days), timeout=FORECAST_TIMEOUT)
        call = f"{getattr(forecasts, '__name__', 'your function')}(series, {days})"
        problem = no_answer("beats_baseline", call, outcome, FORECAST_TIMEOUT,
                            advice="Fewer epochs or a larger batch size will make training quicker.")
        if problem is not None:
            return problem
        if outcome.value is None:
            return _fail(f"{call} returned None. Did you forget the `return`?")
        forecasts = outcome.value
    try:
        values = np.asarray(forecasts, dtype=float).ravel()
    except OverflowError:
        return _fail("the forecasts hold a number too big for a float: training probably diverged.")
    except (TypeError, ValueError):
        return _fail(f"the forecasts should be numbers; got a {type(forecasts).__name__}.")
    if values.size != days:
        return _fail(f"got {values.size} forecasts; expected {days}, one per validation day." + (
            f" Pass only the forecasts for the last {days} days (the validation days), e.g. `predictions[-{days}:]`."
            if values.size > days else ""))
    if not np.all(np.isfinite(values)):
        return _fail("some forecasts are NaN or infinite: training probably diverged. Lower the learning rate.")
    score = forecast.compare_with_baseline(values, series, days)
    yours, baseline = score["model_mse"], score["baseline_mse"]
    if not np.isfinite(yours):
        return _fail(f"your forecasts are far too big (up to {np.abs(values).max():.3g}): training diverged, or "
                     "the scaling was not undone correctly (`* scale + center`, `np.expm1`).")
    numbers = f"your validation MSE is {yours:.1f}, 'same as yesterday' has {baseline:.1f} (ratio {score['ratio']:.2f})"
    if np.array_equal(values, truth):
        return _fail("your forecasts are exactly the true counts: the model has seen the answers.")
    if np.array_equal(values, baseline_forecasts):
        return _fail("these are the baseline's own forecasts; the model has to beat them.")
    if yours < baseline:
        return CheckResult("beats_baseline", "pass", f"{numbers}. Your model beats the baseline.")
    if np.abs(values).max() < 0.2 * np.abs(truth).mean():
        return _fail(f"{numbers}. Your forecasts are much smaller than the counts: still in scaled (or log) units?")
    return _fail(f"{numbers}: not better than the baseline yet. {SUGGESTIONS}")
