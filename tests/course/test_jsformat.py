"""gdcourse.course.jsformat.js_number: Python floats printed exactly as JavaScript's String(x) prints them."""
import json
import math
import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdcourse.course import searches
from gdcourse.course.jsformat import js_number


# --- the table in the module docstring ----------------------------------------------

@pytest.mark.parametrize("value, js", [
    (400.0, "400"),
    (6.2499999999997335e-06, "0.0000062499999999997335"),
    (3.602879701896397e+17, "360287970189639700"),
    (1.5, "1.5"),
])
def test_docstring_table(value, js):
    assert js_number(value) == js


# --- numbers the source article printed -----------------------------------------------

@pytest.mark.parametrize("js", [
    "6.25", "5.522499999999998", "1.6500000000000001", "0.0025000000000002486", "4.0500000000000025",
    "400", "25600", "-156", "104857600", "3.1691265005705735e+31", "-45035996273704960",
    "1.2980742146337069e+35", "360287970189639700", "0.0006250000000000178", "3.9749999999999996",
    "0.0000062499999999997335", "6.249999999993073e-8", "4.930380657631324e-30", "0", "4",
])
def test_numbers_printed_in_the_article(js):
    assert js_number(float(js)) == js


ARTICLE_UP_DOWN_FIRST = [
    "iteration 1 error: 6.25 prediction: 1.5",
    "iteration 2 error: 5.522499999999998 prediction: 1.6500000000000001",
    "iteration 3 error: 4.839999999999999 prediction: 1.8000000000000003",
    "iteration 4 error: 4.2025 prediction: 1.9500000000000004",
    "iteration 5 error: 3.609999999999998 prediction: 2.1000000000000005",
]
ARTICLE_UP_DOWN_LAST = [
    "iteration 19 error: 0.009999999999999573 prediction: 3.900000000000002",
    "iteration 20 error: 0.0025000000000002486 prediction: 4.0500000000000025",
]


def test_up_down_search_prints_the_article_table_digit_for_digit():
    trace = searches.up_down_search(weight=0.5, data=3, true_value=4, step=0.05, iterations=20)
    lines = str(trace).splitlines()
    assert len(lines) == 20
    assert lines[:5] == ARTICLE_UP_DOWN_FIRST
    assert lines[-2:] == ARTICLE_UP_DOWN_LAST
    assert trace.evaluations == 60


# --- ECMAScript Number::toString edge cases ---------------------------------------------

@pytest.mark.parametrize("value, js", [
    (1e21, "1e+21"),                      # from 1e21 on: scientific
    (999999999999999900000.0, "999999999999999900000"),  # just below: plain digits
    (1e20, "100000000000000000000"),
    (1e-7, "1e-7"),                       # below 1e-6: scientific, no zero padding in the exponent
    (9.99e-7, "9.99e-7"),
    (123e-9, "1.23e-7"),
    (1e-6, "0.000001"),                   # 1e-6 itself is still plain
    (1.5e-6, "0.0000015"),
    (-0.0, "0"),                          # JavaScript prints -0 as "0"
    (0.0, "0"),
    (-1.5, "-1.5"),
    (-1e-7, "-1e-7"),
    (0.1, "0.1"),
    (100, "100"),
    (5e-324, "5e-324"),                   # the smallest subnormal
    (1.7976931348623157e308, "1.7976931348623157e+308"),
    (123456789.125, "123456789.125"),
    (np.float64(2.5), "2.5"),
    (np.float32(0.5), "0.5"),
    (True, "1"),
])
def test_ecmascript_edge_cases(value, js):
    assert js_number(value) == js


def test_nan_and_infinities():
    assert js_number(math.nan) == "NaN"
    assert js_number(math.inf) == "Infinity"
    assert js_number(-math.inf) == "-Infinity"


def test_text_is_not_a_number():
    with pytest.raises((TypeError, ValueError)):
        js_number("four")


# --- properties ----------------------------------------------------------------------------

finite_floats = st.floats(allow_nan=False, allow_infinity=False)


@given(finite_floats)
def test_reading_the_text_back_gives_the_same_float(x):
    assert float(js_number(x)) == x


@given(finite_floats)
def test_same_digits_as_python_and_scientific_only_outside_1e_minus_6_to_1e21(x):
    text = js_number(x)
    if x == 0 or 1e-6 <= abs(x) < 1e21:
        assert "e" not in text
    else:
        assert "e" in text
    # the significant digits are Python's shortest round-trip digits
    python_digits = repr(abs(x)).split("e")[0].replace(".", "").strip("0") or "0"
    js_digits = text.lstrip("-").split("e")[0].replace(".", "").strip("0") or "0"
    assert js_digits == python_digits


# --- against real JavaScript, when Node.js is installed ---------------------------------------

@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_agrees_with_node_on_many_numbers():
    rng = np.random.default_rng(2024)
    # random bit patterns cover every exponent, subnormals included, and both signs
    bits = rng.integers(0, 2 ** 64, size=2000, dtype=np.uint64)
    values = [float(v) for v in bits.view(np.float64)]
    values += [float(v) for v in rng.standard_normal(500)]
    values += [float(v) for v in np.round(rng.uniform(-1e6, 1e6, size=300), 3)]
    values += [1e21, 1e-7, 1e-6, 123e-9, 5e-324, 1.7976931348623157e308, 2.0 ** 53, 0.1 + 0.2]
    values = [v for v in values if math.isfinite(v)]
    script = ("const xs = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(xs.map(s => String(Number(s)))));")
    done = subprocess.run(["node", "-e", script], input=json.dumps([repr(float(v)) for v in values]),
                          capture_output=True, text=True, timeout=60, check=True)
    expected = json.loads(done.stdout)
    mismatches = [(v, js_number(v), js) for v, js in zip(values, expected) if js_number(v) != js]
    assert mismatches == []
