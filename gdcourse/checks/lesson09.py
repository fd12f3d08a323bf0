"""Lesson 09's checks: ``same_as_yesterday``, ``beats_baseline`` (no look-ahead, and better), two predictions."""
import numpy as np

from gdcourse.course import forecast
from gdcourse.checks.core import CheckResult, call_guarded, check_function, check_value, no_answer
from gdcourse.locale import N_, _

__all__ = ["same_as_yesterday", "beats_baseline", "predict_first_try", "predict_winners"]

SAME_AS_YESTERDAY_CASES = [(np.array([5.0, 7.0, 6.0, 9.0]), 2), (np.array([3.0, 1, 4, 1, 5, 9, 2, 6]), 3),
                           (np.array([10.0, 20.0, 15.0]), 1), (np.arange(1.0, 31.0) ** 2, 14)]
_OWN_DAY = N_("Each day's forecast is the count of *its own* day before: `series[-days - 1:-1]`.")
SAME_AS_YESTERDAY_MISTAKES = [
    (N_("Those are the true counts of the last days themselves, the very thing we forecast. {own_day}",
        own_day=_OWN_DAY), lambda s, d: s[-d:]),
    (N_("Shifted one day too far: those are the counts of two days before. {own_day}", own_day=_OWN_DAY),
     lambda s, d: s[-d - 2:-2]),
    (N_("You repeated the very last count for every day. {own_day}", own_day=_OWN_DAY),
     lambda s, d: np.full(d, s[-1])),
    (N_("You repeated the last count before the validation days for every day. {own_day}", own_day=_OWN_DAY),
     lambda s, d: np.full(d, s[-d - 1]))]


def same_as_yesterday(learner_fn):
    """Check the naive forecast ``same_as_yesterday(series, days)``."""
    return check_function("same_as_yesterday", learner_fn, SAME_AS_YESTERDAY_CASES, forecast.same_as_yesterday,
                          SAME_AS_YESTERDAY_MISTAKES, shape_advice=N_("Return one forecast per day, `days` numbers. "
                          "One short? `series[a:b]` stops before b, so `series[-days:-1]` is one day short."))


FORECAST_TIMEOUT = 30.0  # seconds: the learner's function may train a model
SUGGESTIONS = N_("Ideas: train on log(1 + count); standardize inputs and targets; learn from the recent weeks "
                 "only; lower the learning rate if the loss jumps around, or train for more epochs.")
_fail = lambda message: CheckResult("beats_baseline", "fail", message)  # noqa: E731


def _numbers(forecasts, series, days):  # the forecasts as ``days`` floats, or a CheckResult saying what's wrong
    try:
        values = np.asarray(forecasts, dtype=float).ravel()
    except OverflowError:
        return _fail(_("the forecasts hold a number too big for a float: training diverged. Lower the learning "
                       "rate."))
    except (TypeError, ValueError):
        return _fail(_("the forecasts should be numbers; got a {type}.", type=type(forecasts).__name__))
    if values.size != days:
        return _fail(_("got {size} forecasts; expected {days}, one for each of the last {days} days.", size=values.size,
                       days=days))
    if not np.all(np.abs(values) / 10 <= np.abs(series).max() + 1):  # NaN too
        worst = "NaN" if np.isnan(values).any() else f"{np.abs(values).max():.3g}"
        return _fail(_("training diverged: one forecast is {worst}. Lower the learning rate, and check that the "
                       "scaling is undone (`* scale + center`, `np.expm1`).", worst=worst))
    return values


def _forecasts(fn, series, days, call):
    outcome = call_guarded(fn, (series.copy(), days), timeout=FORECAST_TIMEOUT)
    problem = no_answer("beats_baseline", call, outcome, FORECAST_TIMEOUT,
                        advice=N_("Fewer epochs or a larger batch size will make training quicker."))
    if problem is None and outcome.value is None:
        problem = _fail(_("{call} returned None. Did you forget the `return`?", call=call))
    return _numbers(outcome.value, series, days) if problem is None else problem


def _looks_ahead(fn, series, days, values, call):
    """``values``, or a CheckResult if changing the days from t on moves a forecast for a day up to t."""
    for k in (0, days - 1):  # t: the first validation day (training on them shows), the last (its own count)
        t = len(series) - days + k
        again = _forecasts(fn, np.append(series[:t], series[t:] / 2 + 10), days,
                           _("{call} with days {t}.. changed", call=call, t=t))
        if isinstance(again, CheckResult):
            return again
        moved = ~np.isclose(again, values, rtol=1e-6, atol=0)
        if moved[:k + 1].any():
            repeat = _forecasts(fn, series, days, call)  # moved by the change, or by chance?
            if isinstance(repeat, CheckResult) or not np.allclose(repeat, values, rtol=1e-6, atol=0):
                return repeat if isinstance(repeat, CheckResult) else _fail(_(
                    "your function gives different forecasts each time, so the check cannot make sure they use "
                    "only earlier days: give `Dense` and `fit` a `seed`."))
            return _fail(_("your forecast for day {day} changed when only day {t} and later changed: it looks ahead. A "
                           "forecast for day t may use only the days before t: train and scale on rows whose target "
                           "comes before the validation days only.", day=len(series) - days + np.argmax(moved), t=t))
    return values


def beats_baseline(forecasts, series, days=forecast.VALIDATION_DAYS):
    """Does ``f(series, days)`` beat "same as yesterday" on the last ``days`` days, using only the days before each?"""
    try:
        forecast.same_as_yesterday(series, days)
    except (TypeError, ValueError) as exc:
        return _fail(_("the series to check against is not usable: {error}", error=exc))
    series, days = np.asarray(series, dtype=float), int(days)
    if forecasts is None:
        return CheckResult("beats_baseline", "todo", _("write your function first, then pass it here."))
    call = f"{getattr(forecasts, '__name__', None) or _('your function')}(series, {days})"
    values = _forecasts(forecasts, series, days, call) if callable(forecasts) else _numbers(forecasts, series, days)
    if callable(forecasts) and not isinstance(values, CheckResult):
        values = _looks_ahead(forecasts, series, days, values, call)
    if isinstance(values, CheckResult):
        return values
    score = forecast.compare_with_baseline(values, series, days)
    yours, baseline = score["model_mse"], score["baseline_mse"]
    numbers = _("your validation MSE is {yours:.1f}, 'same as yesterday' has {baseline:.1f} (ratio {ratio:.2f})",
                yours=yours, baseline=baseline, ratio=score["ratio"])
    if yours >= baseline and np.abs(values).max() < 0.2 * np.abs(series[-days:]).mean():
        return _fail(_("{numbers}. Your forecasts are much smaller than the counts: still in scaled (or log) units?",
                       numbers=numbers))
    if not callable(forecasts):
        return _fail(_("{numbers}. Now pass your function itself, `checks.beats_baseline(forecast_last_days, series)`: "
                       "only by running it can the check make sure each forecast uses only earlier days.",
                       numbers=numbers))
    if yours < baseline:
        return CheckResult("beats_baseline", "pass", _("{numbers}. Your model beats the baseline.", numbers=numbers))
    return _fail(_("{numbers}: not better than the baseline yet. {ideas}", numbers=numbers, ideas=SUGGESTIONS))


def predict_first_try(value):
    """Prediction: the first try's validation MSE over the baseline's: 0.5, 1 or 2?"""
    return check_value("my_prediction", value, 2, rtol=0.05, explain=lambda v: v < 1.5 and _(
        "The loss listens to the peak days (near 400 cases), but the validation days are the tail (near 20)."))


def predict_winners(value):
    """Prediction: how many of the four runs (log or raw counts, all or recent rows) beat the baseline?"""
    return check_value("my_prediction", value, 1, praise=N_("Only log counts *and* recent rows together win."),
                       explain=lambda v: v > 1 and _("Fewer: is fixing only one of the two problems enough?"))
