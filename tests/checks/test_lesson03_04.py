"""The exercise checks of lessons 03 and 04: right answers pass, typical mistakes are named, nothing crashes."""
import math

import numpy as np
import pytest

from gdcourse import checks
from gdcourse.course import prediction_error, searches
from gdcourse.checks import lesson03, lesson04
from predictions import assert_prediction


def stub(*args):
    raise NotImplementedError()


# --- lesson 03: error_derivative ----------------------------------------------------------

@pytest.mark.parametrize("right", [
    lambda w, d, t: 2 * d * (d * w - t),
    lambda w, d, t: 2 * (d * w - t) * d,
    lambda w, d, t: 2 * d * d * w - 2 * d * t,          # expanded
    lambda w, d, t: -2 * d * (t - d * w),               # both signs flipped
    lambda w, d, t: np.multiply(2 * d, np.subtract(np.multiply(d, w), t)),
    prediction_error.error_derivative,                            # gdcourse's own, which validates its input
])
def test_error_derivative_accepts_right_answers(right):
    result = checks.error_derivative(right)
    assert result, result.message
    assert result.status == "pass"
    assert "central difference" in result.message


def test_error_derivative_rounding_noise_is_fine():
    result = checks.error_derivative(lambda w, d, t: 2 * d * (d * w - t) * (1 + 1e-12))
    assert result


@pytest.mark.parametrize("wrong, words", [
    (prediction_error.article_derivative, "exactly half"),
    (lambda w, d, t: d * (d * w - t), "drops the 2"),
    (lambda w, d, t: 2 * (d * w - t), "chain rule"),
    (lambda w, d, t: d * w - t, "Both the 2 and the factor data"),
    (lambda w, d, t: 2 * d * (t - d * w), "sign is flipped"),
    (lambda w, d, t: d * (t - d * w), "sign is flipped and the 2 is missing"),
    (lambda w, d, t: 2 * w * (d * w - t), "with respect to data"),
    (lambda w, d, t: (d * w - t) ** 2, "the error itself"),
    (lambda w, d, t: 2 * d * d * w - t, "parentheses"),
    (lambda w, d, t: 2 * d * (w - t), "prediction data * weight"),
])
def test_error_derivative_names_typical_mistakes(wrong, words):
    result = checks.error_derivative(wrong)
    assert not result
    assert result.status == "fail"
    assert words in result.message


def test_error_derivative_shows_the_measured_slope_for_an_unknown_mistake():
    result = checks.error_derivative(lambda w, d, t: 2 * d * (d * w - t) + 1)
    assert not result
    assert "central difference" not in result.message or "measure the slope" in result.message
    assert "-15.000000" in result.message
    assert "right answer is -15.0" in result.message


def test_error_derivative_untouched_stub_is_not_done_yet():
    result = checks.error_derivative(stub)
    assert result.status == "todo" and not result


@pytest.mark.parametrize("learner, words", [
    (lambda w, d, t: None, "forget the `return`"),
    (lambda w, d, t: 1 / 0, "ZeroDivisionError"),
    (lambda w, d, t: "slope", "should return a number"),
    (lambda w, d, t: float(2 * d * (d * w - t)), "raised TypeError"),     # breaks on arrays
    (lambda w, d, t: np.sum(2 * d * (d * w - t)), "shape"),               # collapses arrays
    (lambda w: w, "raised TypeError"),                                    # wrong signature
    (42, "pass your function itself"),
])
def test_error_derivative_never_crashes_on_broken_functions(learner, words):
    result = checks.error_derivative(learner)
    assert result.status == "fail"
    assert words in result.message


def test_error_derivative_cases_include_numbers_and_arrays():
    kinds = {type(arg) for case in lesson03.DERIVATIVE_CASES for arg in case}
    assert np.ndarray in kinds and float in kinds


def test_each_derivative_mistake_differs_from_the_right_answer():
    for hint, wrong in lesson03.DERIVATIVE_MISTAKES:
        assert any(not np.allclose(wrong(*case), lesson03._exact(*case)) for case in lesson03.DERIVATIVE_CASES), hint


def test_measured_slope_agrees_with_the_formula():
    for case in lesson03.DERIVATIVE_CASES:
        np.testing.assert_allclose(lesson03._measured_slope(*case), lesson03._exact(*case), rtol=1e-7, atol=1e-7)


# --- lesson 03: distance_factor ------------------------------------------------------------

@pytest.mark.parametrize("right", [-7, -7.0, 1 - 2 * 2 ** 2, np.float64(-7.0), np.array(-7.0)])
def test_distance_factor_accepts_minus_seven(right):
    result = checks.distance_factor(right)
    assert result, result.message
    assert "diverges" in result.message


@pytest.mark.parametrize("wrong, words", [
    (-3, "article's derivative"),
    (-8, "plus that change"),
    (7, "wrong sign"),
    (9, "instead of subtracting"),
    (-17, "data = 3"),
    (5, "too large"),
    (-100, "too small"),
])
def test_distance_factor_hints(wrong, words):
    result = checks.distance_factor(wrong)
    assert not result and result.status == "fail"
    assert words in result.message


@pytest.mark.parametrize("value, status", [(None, "todo"), ("-7", "fail"), ([-7, -7], "fail"), (True, "fail")])
def test_distance_factor_odd_values(value, status):
    assert checks.distance_factor(value).status == status


# --- lesson 04: gd_step --------------------------------------------------------------------

@pytest.mark.parametrize("right", [
    lambda w, d, t, a: w - a * 2 * d * (d * w - t),
    lambda w, d, t, a: w - 2 * a * d * (d * w - t),
    lambda w, d, t, a: w + a * 2 * d * (t - d * w),
    lambda w, d, t, a: w - a * prediction_error.error_derivative(w, d, t),
])
def test_gd_step_accepts_right_answers(right):
    result = checks.gd_step(right)
    assert result, result.message


def test_gd_step_first_case_is_the_lesson_example():
    assert lesson04._reference_step(0.5, 3.0, 4.0, 0.1) == pytest.approx(2.0)


@pytest.mark.parametrize("wrong, words", [
    (lambda w, d, t, a: w + a * 2 * d * (d * w - t), "uphill"),
    (lambda w, d, t, a: w - 2 * d * (d * w - t), "alpha is missing"),
    (lambda w, d, t, a: w - a * d * (d * w - t), "article's derivative"),
    (lambda w, d, t, a: w - a * a * 2 * d * (d * w - t), "applied twice"),
    (lambda w, d, t, a: w - 2 * d * (d * w - t) / a, "divided"),
    (lambda w, d, t, a: -a * 2 * d * (d * w - t), "returns the step"),
    (lambda w, d, t, a: a * 2 * d * (d * w - t), "not the new weight"),
    (lambda w, d, t, a: d * (w - a * 2 * d * (d * w - t)), "new prediction"),
])
def test_gd_step_names_typical_mistakes(wrong, words):
    result = checks.gd_step(wrong)
    assert not result and result.status == "fail"
    assert words in result.message


def test_gd_step_unknown_mistake_shows_a_case():
    result = checks.gd_step(lambda w, d, t, a: w - a * 2 * d * (d * w - t) + 0.5)
    assert not result
    assert "gd_step(0.5, 3.0, 4.0, 0.1) returned 2.5, but the right answer is 2.0" in result.message


def test_gd_step_stub_and_broken_functions():
    assert checks.gd_step(stub).status == "todo"
    assert "forget the `return`" in checks.gd_step(lambda w, d, t, a: None).message
    assert "raised" in checks.gd_step(lambda w, d, t: w).message


def test_gd_step_cases_avoid_alphas_that_hide_mistakes():
    alphas = {case[3] for case in lesson04.GD_STEP_CASES}
    assert not alphas & {0.5, 1.0}
    for hint, wrong in lesson04.GD_STEP_MISTAKES:
        assert any(not np.allclose(wrong(*case), lesson04._reference_step(*case))
                   for case in lesson04.GD_STEP_CASES), hint


# --- lesson 04: largest_alpha --------------------------------------------------------------

@pytest.mark.parametrize("right", [1 / 9, 2 / (2 * 3 ** 2), 0.1111, 0.111, np.float64(1 / 9)])
def test_largest_alpha_accepts_the_boundary(right):
    result = checks.largest_alpha(right)
    assert result, result.message
    assert "exactly -1" in result.message


@pytest.mark.parametrize("wrong, words", [
    (2 / 9, "boundary for the article's derivative"),
    (0.2222, "boundary for the article's derivative"),
    (1 / 18, "one-step alpha"),
    (1 / 3, "square data"),
    (2 / 3, "square data"),
    (0.1, "0.1 converges"),
    (0.11, "still converges"),
    (0.05, "monotone"),
    (0.12, "diverges"),
    (1.0, "diverges"),
    (0, "greater than 0"),
    (-0.5, "greater than 0"),
    (-1 / 9, "wrong sign"),
    (float("nan"), "finite"),
    (math.inf, "finite"),
])
def test_largest_alpha_hints_without_giving_the_answer(wrong, words):
    result = checks.largest_alpha(wrong)
    assert not result and result.status == "fail"
    assert words in result.message
    for revealing in ("0.111", "1/9", "1 / 9"):
        assert revealing not in result.message


@pytest.mark.parametrize("value, status", [(None, "todo"), ("1/9", "fail"), ([0.1, 0.2], "fail"), (True, "fail")])
def test_largest_alpha_odd_values(value, status):
    assert checks.largest_alpha(value).status == status


@pytest.mark.parametrize("past", [np.nextafter(1 / 9, 1), 1 / 9 * (1 + 1e-9), 0.11112, 0.1112, 1 / 9 * 1.0019])
def test_largest_alpha_never_accepts_a_value_past_the_boundary(past):
    # within the tolerance of 1/9, but on the diverging side: the factor 1 - 18 * alpha is below -1
    result = checks.largest_alpha(past)
    assert not result and "past the boundary" in result.message and "diverges" in result.message


@pytest.mark.parametrize("below", [0.1111, 0.111, 1 / 9 * (1 - 1e-9), 1 / 9 * 0.9981])
def test_largest_alpha_accepts_rounding_just_below_the_boundary(below):
    assert checks.largest_alpha(below)
    assert lesson04._what_happens(below).startswith("Alpha =")  # and these converge: the factor is above -1
    assert searches.contraction_factor(below, 3) > -1


def test_largest_alpha_uses_the_true_derivative_boundary():
    assert lesson04.BOUNDARY == pytest.approx(1 / 9)
    assert not checks.largest_alpha(1 / 9 * 1.01)
    assert not checks.largest_alpha(1 / 9 * 0.99)


def test_checks_are_exported():
    for name in ("error_derivative", "distance_factor", "gd_step", "largest_alpha"):
        assert callable(getattr(checks, name))
    assert set(lesson03.__all__) == {"error_derivative", "distance_factor", "predict_first_step", "predict_true_factor"}
    assert set(lesson04.__all__) == {"gd_step", "largest_alpha", "predict_factor", "predict_fastest_alpha"}


@pytest.mark.parametrize("check, right, wrong", [
    (checks.predict_first_step, [8, 8.0, 0.5 - 3 * (3 * 0.5 - 4)],
     {4 / 3: "where it should go", -7: "subtract", 15.5: "true slope", 9: "too large"}),
    (checks.predict_true_factor, [-17, 1 - 2 * 3 ** 2], {-16: "only the step doubles", -8: "article's", 17: "wrong sign"}),
    (checks.predict_factor, [-0.62, 1 - 2 * 0.09 * 9], {0.19: "article's factor", 0.62: "wrong sign", -1.62: "1 -",
                                                        -0.6: "too large"}),
    (checks.predict_fastest_alpha, [1 / 18, 0.0556, 0.05556],
     {0.03: "factor 0.46", 0.09: "factor -0.62", 0.1: "factor -0.8", 1 / 9: "too large", 0.057: "too large"}),
])
def test_lesson03_04_predictions(check, right, wrong):
    assert_prediction(check, right, wrong)
    assert check([1, 2]).status == "fail"
