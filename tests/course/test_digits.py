"""gdcourse.course.digits: print only the digits every machine agrees on."""
import numpy as np
import pytest

from gdcourse.course.digits import STABLE_DIGITS, stable


def test_a_number_gets_five_significant_digits():
    assert STABLE_DIGITS == 5
    assert stable(6.2593799787704285e+22) == "6.2594e+22"
    assert stable(6.259379978770424e+22) == "6.2594e+22"  # the same loss from another CPU's BLAS
    assert stable(0.013405) == "0.013405"
    assert stable(2.0) == "2" and stable(-0.0) == "0" and stable(3) == "3"
    assert stable(float("inf")) == "inf"
    assert stable(np.float32(0.1)) == "0.1"
    assert stable(1 / 3, digits=2) == "0.33"


def test_last_bit_differences_print_alike():
    x = 149.19571436574
    assert stable(x) == stable(np.nextafter(x, 0)) == stable(np.nextafter(x, 200)) == "149.2"


def test_an_array_prints_its_rounding_noise_as_zero():
    assert stable([149.19571, 0.80429, 3e-15, -2e-14]) == "[149.2, 0.80429, 0, 0]"
    assert stable(np.array([[1.0, -1.341640786], [0.0, 0.4472136]])) == "[[1, -1.3416],\n [0, 0.44721]]"
    assert stable([1e-20, 2e-20]) == "[1e-20, 2e-20]"  # small but not noise: nothing larger beside them
    assert stable([np.inf, 1e-30, 1.0]) == "[inf, 0, 1]"  # inf does not set the scale; 1 does
    assert stable([]) == "[]"


@pytest.mark.parametrize("value", ["1.5", None, b"1", {"a": 1}, object()])
def test_not_a_number_is_a_type_error_naming_value(value):
    with pytest.raises(TypeError, match="value must be a number"):
        stable(value)


@pytest.mark.parametrize("digits", [0, 18, 2.5, True, "5"])
def test_digits_out_of_range_is_a_value_error(digits):
    with pytest.raises(ValueError, match="digits must be a whole number from 1 to 17"):
        stable(1.0, digits)
