"""Any input to the lesson helpers (validate, jsformat, prediction_error, searches): a clear error or a sound value."""
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from any_input import *  # noqa: F401,F403  (the harness: bad values, judge, Spec, fuzz_test)
from any_input import _returns, _raises  # noqa: F401
# =============================================================================
# validate, jsformat, errors, searches

NUMBER = st.one_of(BAD, st.floats(-10, 10))
ARRAY = st.one_of(BAD, hnp.arrays(np.float64, st.integers(0, 3), elements=st.floats(-10, 10)))


BASICS = [
    Spec("validate.number", lambda value, **kw: validate.number("alpha", value, **kw),
         {"value": 0.5}, {"value": BAD}, names=("alpha",)),
    Spec("validate.number(positive)",
         lambda value: validate.number("alpha", value, positive=True),
         {"value": 0.5}, {"value": BAD}, names=("alpha",)),
    Spec("validate.integer", lambda value: validate.integer("iterations", value, minimum=1),
         {"value": 3}, {"value": BAD}, names=("iterations",)),
    Spec("validate.array", lambda value, ndim=None: validate.array("data", value, ndim=ndim),
         {"value": [1.0, 2.0], "ndim": None}, {"value": BAD}, names=("data",)),
    Spec("validate.array(ndim)", lambda value: validate.array("data", value, ndim=(1, 2)),
         {"value": [1.0, 2.0]}, {"value": BAD}, names=("data",)),
    Spec("jsformat.js_number", jsformat.js_number, {"x": 1.5}, {"x": BAD}),
    Spec("prediction_error.squared_error", prediction_error.squared_error, {"prediction": 1.5, "true_value": 4.0},
         {"prediction": ARRAY, "true_value": ARRAY}),
    Spec("prediction_error.mean_squared_error", prediction_error.mean_squared_error,
         {"y_true": [1.0, 5.0], "y_pred": [1.0, 2.0]},
         {"y_true": ARRAY, "y_pred": ARRAY}),
    Spec("prediction_error.error_derivative", prediction_error.error_derivative,
         {"weight": 0.5, "data": 3.0, "true_value": 4.0},
         {"weight": ARRAY, "data": ARRAY, "true_value": ARRAY}),
    Spec("prediction_error.article_derivative", prediction_error.article_derivative,
         {"weight": 0.5, "data": 3.0, "true_value": 4.0},
         {"weight": ARRAY, "data": ARRAY, "true_value": ARRAY}),
    Spec("searches.up_down_search", searches.up_down_search,
         {"weight": 0.5, "data": 3.0, "true_value": 4.0, "step": 0.05, "iterations": 5},
         {"weight": NUMBER, "data": NUMBER, "true_value": NUMBER, "step": NUMBER,
          "iterations": BAD_COUNT}, examples=15),
    Spec("searches.gradient_descent", searches.gradient_descent,
         {"weight": 0.5, "data": 3.0, "true_value": 4.0, "alpha": 0.05, "iterations": 5,
          "derivative": prediction_error.error_derivative},
         {"weight": NUMBER, "data": NUMBER, "true_value": NUMBER, "alpha": NUMBER,
          "iterations": BAD_COUNT, "derivative": BAD_OR_CALLBACK}, examples=15),
    Spec("searches.contraction_factor", searches.contraction_factor,
         {"alpha": 0.05, "data": 3.0, "derivative_scale": 2.0},
         {"alpha": NUMBER, "data": NUMBER, "derivative_scale": NUMBER}),
    Spec("searches.regime", searches.regime, {"alpha": 0.05, "data": 3.0, "derivative_scale": 2.0},
         {"alpha": NUMBER, "data": NUMBER, "derivative_scale": NUMBER}),
    Spec("searches.largest_stable_alpha", searches.largest_stable_alpha,
         {"data": 3.0, "derivative_scale": 2.0}, {"data": NUMBER, "derivative_scale": NUMBER}),
    Spec("searches.iterations_to_converge", searches.iterations_to_converge,
         {"alpha": 0.05, "weight": 0.5, "data": 3.0, "true_value": 4.0, "tolerance": 1e-10,
          "max_iterations": 50, "derivative": prediction_error.error_derivative},
         {"alpha": NUMBER, "weight": NUMBER, "data": NUMBER, "true_value": NUMBER,
          "tolerance": NUMBER, "max_iterations": BAD_COUNT, "derivative": BAD_OR_CALLBACK},
         names=("iterations",), examples=15),
]


@pytest.mark.parametrize("spec", spec_params(BASICS))
def test_basics_any_input(spec):
    fuzz_test(spec)


# A few inputs that once broke these modules, spelled out (they also run in the searches above).

def test_huge_numbers_are_honest_not_nan_or_warnings():
    assert prediction_error.squared_error(1e308, -1e308) == math.inf
    assert prediction_error.error_derivative(1e300, 1e300, 0.0) == math.inf
    assert searches.largest_stable_alpha(1e-200) == math.inf
    assert searches.contraction_factor(1e300, 0.0, 1e300) == 1.0
    trace = searches.up_down_search(-1e308, 0.0, 0.0, 1e308, 3)
    assert not nan_paths(trace) and trace.diverged


def test_errors_name_the_arguments_and_what_was_expected():
    with pytest.raises(ValueError, match="x is too large"):
        jsformat.js_number(HUGE_INT)
    with pytest.raises(TypeError, match="x must be a real number"):
        jsformat.js_number("abc")
    with pytest.raises(ValueError, match="y_pred"):
        prediction_error.mean_squared_error([1.0], [math.nan])
    with pytest.raises(TypeError, match="data must be a number or an array of numbers, got complex"):
        validate.array("data", np.array([1 + 2j]))
    with pytest.raises(TypeError, match="derivative must return one number"):
        searches.gradient_descent(derivative=lambda w, d, t: None)


