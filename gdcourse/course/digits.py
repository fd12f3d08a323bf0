"""How many digits to print: only the ones every machine agrees on. Matrix products, eigenvalues
and training runs go through BLAS, whose last bits differ between CPUs."""
import numpy as np

from gdcourse import validate
from gdcourse.locale import _

STABLE_DIGITS = 5
NOISE = 1e-10  # in an array, entries this much smaller than the largest are rounding noise


def stable(value, digits=STABLE_DIGITS):
    """``value`` (a number or an array) with ``digits`` significant digits; array entries below
    ``NOISE`` times the largest are a zero's rounding error and print as 0: ``'[149.2, 0.80429, 0]'``."""
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 17:
        raise ValueError(_("digits must be a whole number from 1 to 17, got {digits!r}", digits=digits))
    try:
        if isinstance(value, (str, bytes)) or value is None:
            raise TypeError
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise validate.not_numbers("value", value) from None
    if array.ndim == 0:
        return _number(float(array), digits)
    finite = np.abs(array[np.isfinite(array)])
    floor = NOISE * finite.max() if finite.size else 0.0
    cleaned = np.where(np.abs(array) < floor, 0.0, array)
    return np.array2string(cleaned, separator=", ", formatter={"float_kind": lambda x: _number(x, digits)})


def _number(x, digits):
    text = f"{x:.{digits}g}"
    return "0" if text == "-0" else text
