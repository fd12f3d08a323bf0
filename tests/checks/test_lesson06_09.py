"""Exercise checks of lessons 06 (mini-batches, one SGD step), 07 (unscale, two predictions) and 09 (the capstone).

Right answers written several ways must pass; typical wrong ones must fail
with the hint for that mistake; nothing a learner's function does may crash
the check.
"""
import numpy as np
import pytest

from gdcourse import checks
from gdcourse.course import datasets, forecast


# --- lesson 06: minibatches ------------------------------------------------------------------

def mb_reference(x, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))
    for start in range(0, len(x), batch_size):
        rows = order[start:start + batch_size]
        yield x[rows], y[rows]


def mb_while_loop_shuffle_in_place(x, y, batch_size, seed):
    rows = np.arange(len(x))
    np.random.default_rng(seed).shuffle(rows)
    start = 0
    while start < len(rows):
        yield [x[rows[start:start + batch_size]], y[rows[start:start + batch_size]]]
        start += batch_size


def mb_legacy_global_seed_returns_list(x, y, batch_size, seed):
    np.random.seed(seed)
    order = np.random.permutation(len(x))
    xs, ys = x[order], y[order]
    return [(xs[i:i + batch_size], ys[i:i + batch_size]) for i in range(0, len(x), batch_size)]


def mb_choice_without_replacement(x, y, batch_size, seed):
    order = np.random.default_rng(seed).choice(len(x), size=len(x), replace=False)
    for i in range(0, len(order), batch_size):
        yield x[order[i:i + batch_size]], y[order[i:i + batch_size]]


def mb_array_split(x, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(x))
    for rows in np.array_split(order, range(batch_size, len(x), batch_size)):
        yield x[rows], y[rows]


@pytest.mark.parametrize("fn", [mb_reference, mb_while_loop_shuffle_in_place,
                                mb_legacy_global_seed_returns_list, mb_choice_without_replacement,
                                mb_array_split])
def test_minibatches_accepts_right_answers(fn):
    result = checks.minibatches(fn)
    assert result, result.message
    assert result.status == "pass"


def mb_dropped_last(x, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(x))
    for start in range(0, len(x) - batch_size + 1, batch_size):
        rows = order[start:start + batch_size]
        yield x[rows], y[rows]


def mb_shuffled_separately(x, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    xs, ys = x[rng.permutation(len(x))], y[rng.permutation(len(y))]
    for start in range(0, len(x), batch_size):
        yield xs[start:start + batch_size], ys[start:start + batch_size]


def mb_not_shuffled(x, y, batch_size, seed):
    for start in range(0, len(x), batch_size):
        yield x[start:start + batch_size], y[start:start + batch_size]


def mb_with_replacement(x, y, batch_size, seed):
    rows = np.random.default_rng(seed).integers(0, len(x), size=len(x))
    for start in range(0, len(x), batch_size):
        yield x[rows[start:start + batch_size]], y[rows[start:start + batch_size]]


def mb_shuffled_inside_batches(x, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    for start in range(0, len(x), batch_size):
        rows = start + rng.permutation(min(batch_size, len(x) - start))
        yield x[rows], y[rows]


def mb_unseeded(x, y, batch_size, seed):
    yield from mb_reference(x, y, batch_size, None)


def mb_seed_ignored(x, y, batch_size, seed):
    yield from mb_reference(x, y, batch_size, 0)


def mb_overlapping_slices(x, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(x))
    for start in range(0, len(x), batch_size):
        rows = order[start:start + batch_size + 1]
        yield x[rows], y[rows]


@pytest.mark.parametrize("fn, words", [
    (mb_dropped_last, "dropped the last, partial batch"),
    (mb_shuffled_separately, "shuffled x and y separately"),
    (mb_not_shuffled, "nothing was shuffled"),
    (mb_with_replacement, "overlap or repeat"),
    (mb_overlapping_slices, "overlap or repeat"),
    (mb_shuffled_inside_batches, "always holds the same samples"),
    (mb_unseeded, "not repeatable"),
    (mb_seed_ignored, "the seed is not used"),
])
def test_minibatches_names_the_mistake(fn, words):
    result = checks.minibatches(fn)
    assert not result and result.status == "fail"
    assert words in result.message


def test_minibatches_never_crashes_on_odd_learner_functions():
    def stub(x, y, batch_size, seed):
        raise NotImplementedError()

    def returns_none(x, y, batch_size, seed):
        pass

    def raises(x, y, batch_size, seed):
        return x[batch_size * 1000]

    def yields_only_x(x, y, batch_size, seed):
        for start in range(0, len(x), batch_size):
            yield x[start:start + batch_size]

    def yields_text(x, y, batch_size, seed):
        yield "xb", "yb"

    def yields_nothing(x, y, batch_size, seed):
        return iter([])

    def mismatched(x, y, batch_size, seed):
        yield x, y[:1]

    assert checks.minibatches(stub).status == "todo"
    assert "yield xb, yb" in checks.minibatches(returns_none).message
    assert "raised IndexError" in checks.minibatches(raises).message
    assert "pair (xb, yb)" in checks.minibatches(yields_only_x).message
    assert "not two arrays of numbers" in checks.minibatches(yields_text).message
    assert "no batches at all" in checks.minibatches(yields_nothing).message
    assert "take the same rows from both" in checks.minibatches(mismatched).message
    assert "pass your function itself" in checks.minibatches(None).message
    for fn in (returns_none, raises, yields_only_x, yields_text, yields_nothing, mismatched):
        assert checks.minibatches(fn).status == "fail"


def test_minibatches_reports_a_generator_that_never_ends():
    def forever(x, y, batch_size, seed):
        while True:
            yield x[:batch_size], y[:batch_size]

    result = checks.minibatches(forever)
    # Noticed at once (more batches than samples), not after a timeout, and without
    # a thread left behind that keeps filling the memory.
    assert result.status == "fail" and "more batches than there are samples" in result.message


def test_minibatches_reports_a_generator_that_hangs():
    def stuck(x, y, batch_size, seed):
        yield x[:batch_size], y[:batch_size]
        while True:
            pass

    result = checks.minibatches(stuck)
    assert result.status == "fail" and "did not finish" in result.message


# --- lesson 06: sgd_step -----------------------------------------------------------------------

def sgd_reference(w, b, xb, yb, learning_rate):
    miss = w * xb + b - yb
    return w - learning_rate * np.mean(2 * miss * xb), b - learning_rate * np.mean(2 * miss)


def sgd_other_sign_convention(w, b, xb, yb, learning_rate):
    error = yb - (w * xb + b)                       # miss the other way round ...
    grad_w = -2 * np.dot(error, xb) / len(xb)       # ... so the slopes carry a minus
    grad_b = -2 * error.sum() / len(xb)
    return [w - learning_rate * grad_w, b - learning_rate * grad_b]


def sgd_returns_array(w, b, xb, yb, learning_rate):
    return np.array(sgd_reference(w, b, xb, yb, learning_rate))


@pytest.mark.parametrize("fn", [sgd_reference, sgd_other_sign_convention, sgd_returns_array])
def test_sgd_step_accepts_right_answers(fn):
    result = checks.sgd_step(fn)
    assert result, result.message


@pytest.mark.parametrize("fn, words", [
    (lambda w, b, x, y, lr: (w - lr * np.sum(2 * (w * x + b - y) * x), b - lr * np.sum(2 * (w * x + b - y))),
     "summed over the batch"),
    (lambda w, b, x, y, lr: (w - lr * np.mean((w * x + b - y) * x), b - lr * np.mean(w * x + b - y)),
     "forgot the 2"),
    (lambda w, b, x, y, lr: (w + lr * np.mean(2 * (w * x + b - y) * x), b + lr * np.mean(2 * (w * x + b - y))),
     "goes uphill"),
    (lambda w, b, x, y, lr: (w - lr * np.mean(2 * (y - w * x - b) * x), b - lr * np.mean(2 * (y - w * x - b))),
     "goes uphill"),
    (lambda w, b, x, y, lr: (w - lr * np.mean(2 * (w * x + b - y)), b - lr * np.mean(2 * (w * x + b - y))),
     "missing the factor x"),
    (lambda w, b, x, y, lr: (w - lr * np.mean(2 * (w * x + b - y) * x), b),
     "bias did not change"),
])
def test_sgd_step_names_the_mistake(fn, words):
    result = checks.sgd_step(fn)
    assert not result
    assert words in result.message


def test_sgd_step_never_crashes():
    def stub(w, b, xb, yb, learning_rate):
        raise NotImplementedError()

    assert checks.sgd_step(stub).status == "todo"
    assert "returned None" in checks.sgd_step(lambda w, b, x, y, lr: None).message
    one_number = checks.sgd_step(lambda w, b, x, y, lr: w)
    assert one_number.status == "fail" and "return new_w, new_b" in one_number.message
    assert "raised ZeroDivisionError" in checks.sgd_step(lambda w, b, x, y, lr: 1 / 0).message
    assert checks.sgd_step(lambda w, b, x, y, lr: "w, b").status == "fail"


def test_epoch_steps():
    assert checks.epoch_steps(32)
    todo = checks.epoch_steps(None)
    assert todo.status == "todo" and "`steps_in_one_epoch`" in todo.message   # the notebook's name
    assert "epoch_steps" not in todo.message and todo.name == "steps_in_one_epoch"
    assert "one more" in checks.epoch_steps(31).message
    assert "not possible" in checks.epoch_steps(1000 / 32).message
    assert not checks.epoch_steps(40)


@pytest.mark.parametrize("value, words", [
    (100 / 16, "not possible"), (6, "one more"), (4, "samples in the last batch"), (100, "stochastic"),
    (8, "too large")])
def test_predict_steps_per_epoch(value, words):
    assert checks.predict_steps_per_epoch(7) and checks.predict_steps_per_epoch(7.0)
    assert checks.predict_steps_per_epoch(None).status == "todo"
    result = checks.predict_steps_per_epoch(value)
    assert result.status == "fail" and words in result.message


@pytest.mark.parametrize("value, words", [
    (1, "Batch size 1 takes noisy steps"), (4, "Batch size 4"), (16, "Batch size 16"), (64, "Pick one of the four"),
    (float("nan"), "Pick one"), ("full", "single number")])
def test_predict_lowest_loss_batch(value, words):
    right = checks.predict_lowest_loss_batch(100)
    assert right and "full gradient" in right.message
    assert checks.predict_lowest_loss_batch(None).status == "todo"
    result = checks.predict_lowest_loss_batch(value)
    assert result.status == "fail" and words in result.message


def test_sgd_step_mistakes_are_the_slips_they_name():
    """Each named wrong step differs from the right one in exactly its slip (on one hand-computed case)."""
    from gdcourse.checks.lesson06 import SGD_STEP_MISTAKES
    w, b, x, y, lr = 1.0, 0.5, np.array([1.0, -2.0]), np.array([0.0, 3.0]), 0.1   # misses 1.5 and -4.5
    got = {str(hint).split(":")[0].split(" instead")[0]: wrong(w, b, x, y, lr) for hint, wrong, *_ in SGD_STEP_MISTAKES}
    assert got["You summed over the batch"] == pytest.approx((1 - 0.1 * 21, 0.5 + 0.1 * 6))
    assert got["You forgot the 2"] == pytest.approx((1 - 0.1 * 5.25, 0.5 + 0.1 * 1.5))
    assert got["Your step goes uphill"] == pytest.approx((1 + 0.1 * 10.5, 0.5 - 0.1 * 3))
    assert got["The slope for w is missing the factor x"] == pytest.approx((1 + 0.1 * 3, 0.5 + 0.1 * 3))
    assert got["The slope for b has an extra factor x"] == pytest.approx((1 - 0.1 * 10.5, 0.5 - 0.1 * 10.5))


# --- lesson 07: unscale and two predictions -------------------------------------------------------


@pytest.mark.parametrize("right", [
    lambda w, b, m, s: (w / s, b - w * m / s),
    lambda w, b, m, s: np.array([w / s, b - m * (w / s)]),
    lambda w, b, m, s: [w * (1 / s), b - w * m / s]])
def test_unscale_passes_right_answers(right):
    assert checks.unscale(right)


@pytest.mark.parametrize("wrong, words", [
    (lambda w, b, m, s: (w / s, b), "shift too"),
    (lambda w, b, m, s: (w * s, b - w * m * s), "Divide by x_sd"),
    (lambda w, b, m, s: (w / s, b + w * m / s), None),
    (lambda w, b, m, s: (b - w * m / s, w / s), None),
    (lambda w, b, m, s: w / s, None),
    (lambda w, b, m, s: 1 / 0, "ZeroDivisionError")])
def test_unscale_rejects_wrong_answers(wrong, words):
    result = checks.unscale(wrong)
    assert result.status == "fail"
    assert words is None or words in result.message


def test_unscale_is_what_the_lesson_uses():
    slope, intercept = checks.lesson06.batching.unscale(3.0, 10.0, 50.0, 25.0)   # 3 * (x - 50) / 25 + 10
    assert (slope, intercept) == pytest.approx((0.12, 4.0))
    assert checks.unscale(lambda w, b, m, s: (w, b)).status == "fail"
    assert checks.unscale(None).status in ("todo", "fail")


@pytest.mark.parametrize("check, right, hints", [
    (checks.predict_range_length, 99, [(100, "stops *before*")]),
    (checks.predict_broadcast_size, 891, [(9, "Broadcasting stretches"), (99, "Broadcasting stretches")])])
def test_lesson07_predictions(check, right, hints):
    assert check(right) and check(float(right))
    assert check(None).status == "todo"
    for value, words in hints:
        result = check(value)
        assert result.status == "fail" and words in result.message
    assert not check(right + 1) and not check(0) and not check("many")


# --- lesson 09: same_as_yesterday ------------------------------------------------------------

@pytest.mark.parametrize("fn", [
    lambda s, d: s[-d - 1:-1],
    lambda s, d: np.array([s[len(s) - d + i - 1] for i in range(d)]),
    lambda s, d: np.roll(s, 1)[-d:],
    lambda s, d: list(s[len(s) - d - 1:len(s) - 1]),
])
def test_same_as_yesterday_accepts_right_answers(fn):
    result = checks.same_as_yesterday(fn)
    assert result, result.message


@pytest.mark.parametrize("fn, words", [
    (lambda s, d: s[-d:], "true counts of the last days themselves"),
    (lambda s, d: s[-d - 2:-2], "two days before"),
    (lambda s, d: np.full(d, s[-1]), "repeated the very last count"),
    (lambda s, d: np.full(d, s[-d - 1]), "last count before the validation days"),
])
def test_same_as_yesterday_names_the_mistake(fn, words):
    result = checks.same_as_yesterday(fn)
    assert not result and words in result.message


def test_same_as_yesterday_stub_and_wrong_shape():
    def stub(series, days):
        raise NotImplementedError()

    assert checks.same_as_yesterday(stub).status == "todo"
    wrong = checks.same_as_yesterday(lambda s, d: s[-d - 1:-1].sum())
    assert wrong.status == "fail" and "shape" in wrong.message


def test_same_as_yesterday_one_day_short_is_off_by_one():
    result = checks.same_as_yesterday(lambda s, d: s[-d:-1])
    assert result.status == "fail" and "one day short" in result.message
    assert "don't sum or collapse" not in result.message


# --- lesson 09: beats_baseline ----------------------------------------------------------------

SERIES = datasets.infected_counts()
DAYS = forecast.VALIDATION_DAYS


def lesson_answer(series, days):          # the solution notebook's forecast_last_days
    return forecast.lag_model_forecast(series, days)


def weekly_growth(series, days):          # no training: day t - 7 times last week's growth
    return np.array([series[t - 7] * series[t - 7:t].sum() / series[t - 14:t - 7].sum()
                     for t in range(len(series) - days, len(series))])


@pytest.fixture(scope="module")
def good_forecasts():
    return lesson_answer(SERIES, DAYS)


@pytest.mark.parametrize("fn", [lesson_answer, weekly_growth,
                                lambda s, d: list(lesson_answer(s, d)),
                                lambda s, d: lesson_answer(s, d).reshape(-1, 1)])
def test_beats_baseline_passes_an_honest_function(fn):
    result = checks.beats_baseline(fn, SERIES)
    assert result, result.message
    assert "beats the baseline" in result.message and "ratio 0." in result.message


def test_beats_baseline_scores_numbers_but_wants_the_function(good_forecasts):
    score = forecast.compare_with_baseline(good_forecasts, SERIES)
    for given in (good_forecasts, list(good_forecasts), good_forecasts.reshape(-1, 1)):
        result = checks.beats_baseline(given, SERIES)
        assert not result and "pass your function itself" in result.message
        assert f"{score['model_mse']:.1f}" in result.message and f"{score['baseline_mse']:.1f}" in result.message


def _lagged_rows(series, lags=7):
    return np.array([series[t - lags:t] for t in range(lags, len(series))]), series[lags:]


def trains_on_validation_days(series, days):      # least squares on every row, the validation rows too
    X, y = _lagged_rows(np.log1p(series))
    w, *_ = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y, rcond=None)
    return np.expm1(np.column_stack([X, np.ones(len(X))])[-days:] @ w)


def scales_with_the_whole_series(series, days):   # honest rows, but the mean includes the validation days
    return weekly_growth(series, days) * (1 + 1e-3 * series.mean())


def uses_its_own_day(series, days):               # the features of day t include day t
    n = len(series)
    return np.array([0.7 * series[t] + 0.3 * series[t - 1] for t in range(n - days, n)])


def uses_tomorrow_for_today(series, days):        # day t's forecast uses day t + 1 (the last one is honest)
    honest = weekly_growth(series, days)
    return np.append(0.5 * (honest[:-1] + series[-days + 1:]), honest[-1])


def peeks_on_the_last_day(series, days):          # only the last forecast uses its own day
    honest = weekly_growth(series, days)
    return np.append(honest[:-1], 0.5 * (honest[-1] + series[-1]))


@pytest.mark.parametrize("fn", [trains_on_validation_days, scales_with_the_whole_series, uses_its_own_day,
                                uses_tomorrow_for_today, peeks_on_the_last_day, lambda s, d: s[-d:]])
def test_beats_baseline_catches_look_ahead(fn):
    result = checks.beats_baseline(fn, SERIES)
    assert not result and "looks ahead" in result.message, result.message
    assert "only the days before t" in result.message


def test_beats_baseline_look_ahead_names_the_day():
    assert "forecast for day 106 changed" in checks.beats_baseline(trains_on_validation_days, SERIES).message
    assert "forecast for day 119 changed when only day 119 and later" in checks.beats_baseline(
        peeks_on_the_last_day, SERIES).message


def test_beats_baseline_asks_for_a_seed_when_forecasts_change_by_chance():
    rng = np.random.default_rng(0)
    result = checks.beats_baseline(lambda s, d: weekly_growth(s, d) + rng.normal(size=d), SERIES)
    assert not result and "seed" in result.message


def test_beats_baseline_fails_a_worse_model_with_suggestions():
    result = checks.beats_baseline(lambda s, d: forecast.lag_model_forecast(
        s, d, log=False, train_rows=None, optimizer="sgd", learning_rate=0.05), SERIES)
    assert not result and "not better than the baseline" in result.message
    for idea in ("log", "standardize", "learning rate", "more epochs"):
        assert idea in result.message
    baseline = checks.beats_baseline(forecast.same_as_yesterday, SERIES)
    assert not baseline and "not better than the baseline" in baseline.message and "ratio 1.00" in baseline.message


def test_beats_baseline_friendly_failures(good_forecasts):
    def stub(series, days):
        raise NotImplementedError()

    assert checks.beats_baseline(stub, SERIES).status == "todo"
    assert checks.beats_baseline(None, SERIES).status == "todo"
    short = checks.beats_baseline(lambda s, d: good_forecasts[:5], SERIES)
    assert short.status == "fail" and "got 5 forecasts; expected 14" in short.message
    scaled = (np.log1p(SERIES[-DAYS - 1:-1]) - 5) / 2
    assert "scaled" in checks.beats_baseline(lambda s, d: scaled, SERIES).message
    assert "should be numbers" in checks.beats_baseline(lambda s, d: ["a"] * d, SERIES).message
    assert "returned None" in checks.beats_baseline(lambda s, d: None, SERIES).message
    assert "raised KeyError" in checks.beats_baseline(lambda s, d: {}["model"], SERIES).message
    assert "not usable" in checks.beats_baseline(lesson_answer, None).message


def test_beats_baseline_a_function_that_breaks_on_a_changed_series_is_reported():
    def only_the_lesson_series(series, days):
        if not np.array_equal(series, SERIES):
            raise RuntimeError("unexpected data")
        return weekly_growth(series, days)

    result = checks.beats_baseline(only_the_lesson_series, SERIES)
    assert not result and "raised RuntimeError" in result.message and "changed" in result.message


def test_beats_baseline_gives_the_function_a_copy():
    def vandal(series, days):
        answer = lesson_answer(series, days)
        series[:] = 0
        return answer

    before = SERIES.copy()
    assert checks.beats_baseline(vandal, SERIES)
    np.testing.assert_array_equal(SERIES, before)


@pytest.mark.parametrize("diverged", [np.full(DAYS, 1e39), np.full(DAYS, np.nan), np.full(DAYS, -np.inf),
                                      np.full(DAYS, 1e200), [10 ** 400] * DAYS])
def test_beats_baseline_says_diverged_in_plain_words(diverged):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")            # any RuntimeWarning would fail here
        for given in (diverged, lambda s, d: diverged):
            result = checks.beats_baseline(given, SERIES)
            assert result.status == "fail" and "diverged" in result.message, result.message
            assert "e+78" not in result.message and not any(len(w) > 12 for w in result.message.split())
    assert forecast.mse([1e200], [0.0]) == float("inf")


# --- lesson 09: predictions -------------------------------------------------------------------

def test_predict_first_try_matches_the_lesson():
    first_try = forecast.lag_model_forecast(SERIES, log=False, train_rows=None)  # the lesson's first try
    assert round(forecast.compare_with_baseline(first_try, SERIES)["ratio"]) == 2
    for right in (2, 1.99, np.float64(2)):
        assert checks.predict_first_try(right), right
    for hopeful in (0.5, 1, 0.8):
        result = checks.predict_first_try(hopeful)
        assert not result and "listens to the peak days" in result.message
    assert checks.predict_first_try(7).message.endswith("7 is too large.")
    assert checks.predict_first_try(None).status == "todo"
    assert not checks.predict_first_try("2") and not checks.predict_first_try(float("nan"))


def test_predict_winners_matches_the_lesson():
    wins = [forecast.compare_with_baseline(forecast.lag_model_forecast(SERIES, log=log, train_rows=rows),
                                           SERIES)["ratio"] < 1 for log in (False, True) for rows in (None, 56)]
    assert wins == [False, False, False, True]
    result = checks.predict_winners(1)
    assert result and "*and* recent rows" in result.message
    for more in (2, 3, 4):
        assert not checks.predict_winners(more) and "only one of the two problems" in checks.predict_winners(more).message
    assert checks.predict_winners(0).message.endswith("0 is too small.")
    assert checks.predict_winners(None).status == "todo" and not checks.predict_winners(True)


def test_minibatches_a_batch_with_a_number_too_big_for_a_float():
    def huge(x, y, batch_size, seed):
        yield np.array([1.0]), 10 ** 400

    result = checks.minibatches(huge)
    assert result.status == "fail" and "not two arrays of numbers" in result.message
