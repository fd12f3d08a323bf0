"""gdcourse.course.prediction_error: the squared error and friends, exact where the math is exact."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdcourse.course import prediction_error

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


# --- the article's numbers, exactly -----------------------------------------------

def test_the_article_example_is_exactly_6_25():
    assert prediction_error.squared_error(3 * 0.5, 4) == 6.25
    assert type(prediction_error.squared_error(1.5, 4)) is float


def test_squared_error_of_a_perfect_prediction_is_zero():
    assert prediction_error.squared_error(4.0, 4.0) == 0.0


def test_squared_error_ignores_the_sign_of_the_miss():
    assert prediction_error.squared_error(7, 4) == prediction_error.squared_error(1, 4) == 9.0


def test_squared_error_works_element_by_element_on_arrays():
    got = prediction_error.squared_error(np.array([1.5, 4.0, 5.0]), np.array([4.0, 4.0, 2.0]))
    assert isinstance(got, np.ndarray)
    np.testing.assert_array_equal(got, [6.25, 0.0, 9.0])


def test_squared_error_broadcasts_one_true_value_over_many_predictions():
    np.testing.assert_array_equal(prediction_error.squared_error([1.0, 2.0, 3.0], 2.0), [1.0, 0.0, 1.0])


def test_squared_error_accepts_numpy_scalars_and_zero_dim_arrays():
    assert prediction_error.squared_error(np.float64(1.5), np.array(4.0)) == 6.25


def test_square_is_smaller_than_the_miss_below_1_and_larger_above():
    assert prediction_error.squared_error(0.5, 0) < 0.5
    assert prediction_error.squared_error(1, 0) == 1
    assert prediction_error.squared_error(2, 0) > 2


def test_mean_squared_error_exact_values():
    assert prediction_error.mean_squared_error([1, 2, 5], [1, 2, 3]) == 4 / 3
    # Keras's order (y_true, y_pred); the MSE is symmetric, so swapping gives the same bits
    assert prediction_error.mean_squared_error([1, 2, 3], [1, 2, 5]) == 4 / 3
    # a column against a flat vector pairs the values, never an (n, n) table
    assert prediction_error.mean_squared_error([[1.0], [2.0]], [1.0, 4.0]) == 2.0
    # lesson 01's four days at weight 1.25: (0.0625 + 0 + 0.25 + 0) / 4
    today, tomorrow = np.array([3.0, 4.0, 6.0, 8.0]), np.array([4.0, 5.0, 8.0, 10.0])
    assert prediction_error.mean_squared_error(tomorrow, today * 1.25) == 0.078125
    assert type(prediction_error.mean_squared_error([1.0], [3.0])) is float
    assert prediction_error.mean_squared_error([1.0], [3.0]) == 4.0


def test_mean_squared_error_of_lesson_01_is_lowest_at_1_28():
    today, tomorrow = np.array([3.0, 4.0, 6.0, 8.0]), np.array([4.0, 5.0, 8.0, 10.0])
    weights = np.linspace(1.0, 1.6, 601)
    mse = [prediction_error.mean_squared_error(tomorrow, today * w) for w in weights]
    assert weights[int(np.argmin(mse))] == pytest.approx(1.28)
    assert prediction_error.mean_squared_error(today * 1.28, tomorrow) == pytest.approx(0.05, abs=1e-12)


def test_the_error_curve_is_a_parabola_with_constant_second_differences():
    w = np.arange(0, 3.01, 0.5)
    curve = prediction_error.squared_error(3 * w, 4)
    np.testing.assert_array_equal(np.diff(curve, n=2), np.full(5, 4.5))
    np.testing.assert_array_equal(np.diff(curve, n=3), np.zeros(4))
    assert prediction_error.squared_error(3 * (4 / 3), 4) == 0.0


# --- derivatives ----------------------------------------------------------------

def test_error_derivative_at_the_article_start_is_minus_15():
    assert prediction_error.error_derivative(0.5, 3, 4) == -15.0


def test_article_derivative_drops_the_2_and_is_minus_7_5():
    assert prediction_error.article_derivative(0.5, 3, 4) == -7.5


def test_derivative_is_zero_at_the_best_weight_and_works_on_arrays():
    np.testing.assert_array_equal(prediction_error.error_derivative(np.array([0.5, 2.0]), 2, 4), [-12.0, 0.0])
    np.testing.assert_array_equal(prediction_error.article_derivative(np.array([0.5, 2.0]), 2, 4), [-6.0, 0.0])


@given(w=finite, d=st.floats(-100, 100), t=finite)
def test_true_derivative_is_twice_the_article_one(w, d, t):
    assert prediction_error.error_derivative(w, d, t) == pytest.approx(2 * prediction_error.article_derivative(w, d, t),
                                                             rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("w", [-2.0, 0.5, 1.0, 3.0])
def test_derivative_matches_a_central_difference(w):
    h = 1e-6
    slope = (prediction_error.squared_error(3 * (w + h), 4) - prediction_error.squared_error(3 * (w - h), 4)) / (2 * h)
    assert prediction_error.error_derivative(w, 3, 4) == pytest.approx(slope, rel=1e-7)


# --- properties ------------------------------------------------------------------

@given(p=finite, t=finite)
def test_squared_error_is_never_negative_symmetric_and_the_square_of_the_miss(p, t):
    e = prediction_error.squared_error(p, t)
    assert e >= 0
    assert e == prediction_error.squared_error(t, p)
    assert e == pytest.approx(abs(p - t) ** 2, rel=1e-12)


def test_a_huge_miss_is_infinite_without_a_warning():
    # pytest turns RuntimeWarning into an error, so a warning would fail this test
    assert prediction_error.squared_error(1e200, -1e200) == math.inf
    assert prediction_error.mean_squared_error([1e200], [-1e200]) == math.inf


# --- bad input: a clear TypeError / ValueError naming the argument ---------------

@pytest.mark.parametrize("bad, exc", [
    ("1.5", TypeError), (None, TypeError), (b"1", TypeError), ([1, "a"], TypeError),
    (math.nan, ValueError), (math.inf, ValueError), (-math.inf, ValueError), ([1.0, math.nan], ValueError),
])
@pytest.mark.parametrize("fn, name", [(prediction_error.squared_error, "prediction"),
                                      (prediction_error.mean_squared_error, "y_true")])
def test_bad_first_argument_is_named(fn, name, bad, exc):
    with pytest.raises(exc, match=name):
        fn(bad, 4.0)


@pytest.mark.parametrize("bad, exc", [("4", TypeError), (None, TypeError), (math.nan, ValueError),
                                      (math.inf, ValueError)])
def test_bad_true_value_is_named(bad, exc):
    with pytest.raises(exc, match="true_value"):
        prediction_error.squared_error(1.5, bad)


def test_mismatched_shapes_are_a_value_error_naming_both():
    with pytest.raises(ValueError, match=r"prediction and true_value .*\(3,\) and \(2,\)"):
        prediction_error.squared_error([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="matching shapes"):
        prediction_error.mean_squared_error([1.0, 2.0, 3.0], [1.0, 2.0])


def test_mean_squared_error_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        prediction_error.mean_squared_error([], [])


@pytest.mark.parametrize("name, args", [
    ("weight", ("0.5", 3, 4)), ("data", (0.5, None, 4)), ("true_value", (0.5, 3, math.nan)),
])
@pytest.mark.parametrize("fn", [prediction_error.error_derivative, prediction_error.article_derivative])
def test_bad_derivative_arguments_are_named(fn, name, args):
    with pytest.raises((TypeError, ValueError), match=name):
        fn(*args)
