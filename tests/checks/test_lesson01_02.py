"""The exercise checks of lessons 01 and 02: right answers written many ways pass, typical
wrong ones get the hint that names them, and no learner function can crash a check."""
import math

import numpy as np
import pytest

from gdcourse import checks
from gdcourse.checks import lesson01, lesson02
from predictions import assert_prediction


def test_checks_are_exported():
    for name in lesson01.__all__ + lesson02.__all__:
        assert getattr(checks, name) is getattr(lesson01 if name in lesson01.__all__ else lesson02, name)
    assert set(lesson01.__all__) == {"squared_error", "mean_squared_error", "best_weight", "predict_quadruple",
                                    "predict_lower_mse"}
    assert set(lesson02.__all__) == {"up_down_step", "smallest_error", "predict_updates", "predict_floor"}


def stub(*args):
    raise NotImplementedError()


# --- squared_error ----------------------------------------------------------------------

def _sq_helper(p, t):
    d = p - t
    return d * d


@pytest.mark.parametrize("fn", [
    lambda p, t: (p - t) ** 2,
    lambda p, t: (t - p) ** 2,
    lambda p, t: np.square(p - t),
    _sq_helper,
    lambda p, t: pow(p - t, 2),
    lambda p, t: abs(p - t) ** 2,
    lambda p, t: np.power(t - p, 2),
    lambda p, t: p * p - 2 * p * t + t * t,
], ids=["(p-t)**2", "(t-p)**2", "np.square", "d*d", "pow", "abs**2", "np.power", "expanded"])
def test_squared_error_accepts_right_answers(fn):
    result = checks.squared_error(fn)
    assert result, result.message


@pytest.mark.parametrize("fn, words", [
    (lambda p, t: p - t, "forgot to square"),
    (lambda p, t: t - p, "forgot to square"),
    (lambda p, t: np.abs(p - t), "absolute error"),
    (lambda p, t: -(p - t) ** 2, "negative"),
    (lambda p, t: p ** 2 - t ** 2, "squared each number separately"),
    (lambda p, t: t ** 2 - p ** 2, "squared each number separately"),
    (lambda p, t: p - t ** 2, "squares only true_value"),
    (lambda p, t: p ** 2 - t, "squares only the prediction"),
    (lambda p, t: (p - t) * 2, "doubled"),
    (lambda p, t: 0.5 * (p - t) ** 2, "halved"),
])
def test_squared_error_names_the_mistake(fn, words):
    result = checks.squared_error(fn)
    assert result.status == "fail"
    assert words in result.message


def test_squared_error_explains_xor():
    result = checks.squared_error(lambda p, t: (p - t) ^ 2)
    assert result.status == "fail"
    assert "raised TypeError" in result.message and "bitwise XOR" in result.message
    assert "'int'. In Python" in result.message  # the two sentences are separated properly


def test_squared_error_explains_math_pow_on_arrays():
    result = checks.squared_error(lambda p, t: math.pow(p - t, 2))
    assert result.status == "fail"
    assert "single numbers only" in result.message


def test_squared_error_numbers_only_version_fails_politely():
    result = checks.squared_error(lambda p, t: (p - t) ** 2 if p > t else (t - p) ** 2)
    assert result.status == "fail" and "raised ValueError" in result.message


def test_squared_error_summing_is_a_shape_problem():
    result = checks.squared_error(lambda p, t: np.sum((p - t) ** 2))
    assert result.status == "fail" and "element by element" in result.message


def test_every_squared_error_mistake_is_reachable():
    """Each listed wrong version, handed in, gets its own hint (none is shadowed by an earlier one)."""
    for hint, wrong in lesson01.SQUARED_ERROR_MISTAKES:
        assert checks.squared_error(wrong).message == str(hint)


@pytest.mark.parametrize("fn, status", [
    (stub, "todo"),
    (lambda p, t: None, "fail"),
    (lambda p, t: "6.25", "fail"),
    (lambda p, t: [1, 2, 3], "fail"),
    (lambda p, t: 1 / 0, "fail"),
    (lambda: 6.25, "fail"),            # wrong number of arguments
    (None, "fail"),                    # not a function at all
    (6.25, "fail"),
])
def test_squared_error_never_crashes(fn, status):
    assert checks.squared_error(fn).status == status


# --- mean_squared_error ---------------------------------------------------------------------

@pytest.mark.parametrize("fn", [
    lambda p, t: np.mean((p - t) ** 2),
    lambda p, t: np.sum((p - t) ** 2) / len(p),
    lambda p, t: sum((a - b) ** 2 for a, b in zip(p, t)) / len(p),
    lambda p, t: np.average(np.square(t - p)),
    lambda p, t: ((p - t) ** 2).mean(),
    lambda p, t: float(np.dot(p - t, p - t) / p.size),
])
def test_mean_squared_error_accepts_right_answers(fn):
    result = checks.mean_squared_error(fn)
    assert result, result.message


@pytest.mark.parametrize("fn, words", [
    (lambda p, t: np.sum((p - t) ** 2), "sum, not the mean"),
    (lambda p, t: np.mean(p - t) ** 2, "mean of the differences first"),
    (lambda p, t: np.sqrt(np.mean((p - t) ** 2)), "root mean squared error"),
    (lambda p, t: np.mean(np.abs(p - t)), "mean absolute error"),
    (lambda p, t: np.sum((p - t) ** 2) / (len(p) - 1), "n - 1"),
    (lambda p, t: np.mean(p - t), "forgot to square"),
    (lambda p, t: (p - t) ** 2, "forget the mean"),
])
def test_mean_squared_error_names_the_mistake(fn, words):
    result = checks.mean_squared_error(fn)
    assert result.status == "fail"
    assert words in result.message


def test_every_mse_mistake_is_reachable():
    for hint, wrong in lesson01.MSE_MISTAKES:
        assert checks.mean_squared_error(wrong).message == str(hint)


def test_mean_squared_error_never_crashes():
    assert checks.mean_squared_error(stub).status == "todo"
    assert checks.mean_squared_error(lambda p, t: None).status == "fail"
    assert checks.mean_squared_error(lambda p, t: p.nope).status == "fail"


# --- best_weight ------------------------------------------------------------------------------

def test_best_weight():
    assert checks.best_weight(4 / 3)
    assert checks.best_weight(np.float64(4) / 3)
    assert checks.best_weight(None).status == "todo"
    assert "upside down" in checks.best_weight(0.75).message
    assert "divide instead" in checks.best_weight(12).message
    assert "starting weight" in checks.best_weight(0.5).message
    assert "prediction" in checks.best_weight(1.5).message


@pytest.mark.parametrize("rounded", [1.33, 1.333, 1.3333])
def test_best_weight_rounded_is_close_but_not_right(rounded):
    result = checks.best_weight(rounded)
    assert result.status == "fail" and "rounded" in result.message


@pytest.mark.parametrize("value", ["4/3", [4 / 3], {"w": 1}])
def test_best_weight_non_numbers_fail_politely(value):
    result = checks.best_weight(value)
    assert result.status == "fail" and "single number" in result.message


@pytest.mark.parametrize("check, right, wrong", [
    (checks.predict_quadruple, [4, 4.0, np.int64(4), 2 ** 2], {2: "absolute error", 1: "too small", 8: "too large"}),
    (checks.predict_lower_mse, [2, 2.0, np.int64(2)], {1: "3² = 9", 3: "Choose 1 (set A) or 2 (set B)",
                                                       1.5: "Choose", 2.25: "Choose"}),
])
def test_lesson01_predictions(check, right, wrong):
    assert_prediction(check, right, wrong)
    assert check("4").status == "fail" and check([2]).status == "fail" and check(float("nan")).status == "fail"


# --- up_down_step -------------------------------------------------------------------------------

def solution_step(weight, data, true_value, step):
    up_error = (data * (weight + step) - true_value) ** 2
    down_error = (data * (weight - step) - true_value) ** 2
    if up_error < down_error:
        return weight + step
    return weight - step


def step_with_min(weight, data, true_value, step):
    candidates = [weight - step, weight + step]
    return min(candidates, key=lambda w: (data * w - true_value) ** 2)


def step_with_sign(weight, data, true_value, step):
    # the slope's sign says which way is downhill: a correct rule as well
    return weight - step * np.sign(data * (data * weight - true_value))


@pytest.mark.parametrize("fn", [solution_step, step_with_min])
def test_up_down_step_accepts_right_answers(fn):
    result = checks.up_down_step(fn)
    assert result, result.message


def test_up_down_step_reference_agrees_with_the_article_search():
    from gdcourse.course import searches
    history = searches.up_down_search(weight=0.5, data=3, true_value=4, step=0.05, iterations=20)
    w = 0.5
    for s in history:
        assert s.weight == w
        w = lesson02._reference_step(w, 3.0, 4.0, 0.05)


@pytest.mark.parametrize("fn, words", [
    (lambda w, d, t, s: w + s, "always goes up"),
    (lambda w, d, t, s: w - s, "always goes down"),
    (lambda w, d, t, s: w + s if (d * (w + s) - t) ** 2 > (d * (w - s) - t) ** 2 else w - s, "worse direction"),
    (lambda w, d, t, s: solution_step(w, d, t, s * d) if d > 0 else solution_step(w, d, t, -s * d),
     "step * data"),
    (lambda w, d, t, s: w + s if d * (w + s) > d * (w - s) else w - s, "compared the two predictions"),
    (lambda w, d, t, s: w + s if d * w < t else w - s, "negative data"),
    (lambda w, d, t, s: d * solution_step(w, d, t, s), "new prediction"),
    (lambda w, d, t, s: (d * solution_step(w, d, t, s) - t) ** 2, "error of the new weight"),
])
def test_up_down_step_names_the_mistake(fn, words):
    result = checks.up_down_step(fn)
    assert result.status == "fail"
    assert words in result.message


@pytest.mark.parametrize("keep", [lambda up, down: up < down, lambda up, down: up > down])
def test_up_down_step_comparing_signed_misses_is_named(keep):
    def signed_misses(w, d, t, s):
        miss_up, miss_down = d * (w + s) - t, d * (w - s) - t   # signed: -3 looks smaller than +1
        return w + s if keep(miss_up, miss_down) else w - s
    result = checks.up_down_step(signed_misses)
    assert result.status == "fail" and "signed misses" in result.message and "squared" in result.message


def test_up_down_step_staying_put_is_named_kindly():
    def stay_if_best(w, d, t, s):
        candidates = [w, w + s, w - s]
        return min(candidates, key=lambda c: (d * c - t) ** 2)
    result = checks.up_down_step(stay_if_best)
    assert result.status == "fail" and "stays put" in result.message and "always move" in result.message


def test_every_up_down_mistake_is_reachable():
    seen = {}
    for hint, wrong in lesson02.UP_DOWN_MISTAKES:
        got = checks.up_down_step(wrong).message
        # two wrong versions deliberately share one hint ("compared the two predictions")
        assert got == str(hint)
        seen[hint] = True
    assert len(seen) == len(lesson02.UP_DOWN_MISTAKES) - 1


def test_exactly_one_case_is_a_tie_and_a_tie_goes_down():
    ties = [c for c in lesson02.UP_DOWN_CASES if (c[1] * (c[0] + c[3]) - c[2]) ** 2 == (c[1] * (c[0] - c[3]) - c[2]) ** 2]
    assert len(ties) == 1 and lesson02._reference_step(*ties[0]) == ties[0][0] - ties[0][3]


def test_a_tie_that_goes_up_is_named():
    result = checks.up_down_step(lambda w, d, t, s: w + s if (d * (w + s) - t) ** 2 <= (d * (w - s) - t) ** 2 else w - s)
    assert not result and "On a tie" in result.message and "`<`, not `<=`" in result.message


def test_a_rule_that_stays_put_on_the_tie_fails_there():
    # the slope's sign is 0 at the best weight, so this rule stays put where the article's rule goes down
    result = checks.up_down_step(step_with_sign)
    assert not result and "up_down_step(1.0, 2.0, 2.0, 0.5) returned 1.0" in result.message


@pytest.mark.parametrize("fn, status", [
    (stub, "todo"),
    (lambda w, d, t, s: None, "fail"),
    (lambda w, d, t, s: print(w), "fail"),
    (lambda w, d, t, s: [w + s], "fail"),
    (lambda w, d, t, s: w / 0, "fail"),
    (lambda w, d, t: w, "fail"),
])
def test_up_down_step_never_crashes(fn, status):
    assert checks.up_down_step(fn).status == status


# --- smallest_error and the predictions -----------------------------------------------------

def test_smallest_error_is_computed_honestly():
    from gdcourse.course import prediction_error
    reachable = 0.5 + 0.05 * np.arange(40)
    honest = prediction_error.squared_error(3 * reachable, 4).min()
    assert checks.smallest_error(honest)
    assert checks.smallest_error(0.0025)
    assert checks.smallest_error(0.0025000000000002486)


@pytest.mark.parametrize("value, words", [
    (0, "can only reach weights 0.5 + k * 0.05"),
    (0.01, "weight 1.3"),
    (6.25, "starting weight"),
    (1.35, "a weight, not an error"),
    (4.05, "a prediction, not an error"),
    (0.05, "not yet squared"),
])
def test_smallest_error_hints(value, words):
    result = checks.smallest_error(value)
    assert result.status == "fail"
    assert words in result.message


def test_smallest_error_not_done_and_nonsense():
    assert checks.smallest_error(None).status == "todo"
    assert checks.smallest_error("0.0025").status == "fail"
    assert checks.smallest_error(0.003).message == "0.003 is too large."


@pytest.mark.parametrize("check, right, wrong", [
    (checks.predict_updates, [17, 17.0, np.int64(17)], {16: "short of 4/3", 18: "before the N-th update", 20: "too large"}),
    (checks.predict_floor, [0.25, (3 * 1.5 - 4) ** 2], {1.0: "weight 1.0", 0.0025: "step 0.05", 0.0: "too small"}),
])
def test_lesson02_predictions(check, right, wrong):
    assert_prediction(check, right, wrong)
    assert check("17").status == "fail"
