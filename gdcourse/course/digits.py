"""How many digits to print: only the ones every machine agrees on.

One float at a time, ``+ - * /`` and ``sqrt`` are exact IEEE arithmetic: every
computer gives the same bits, so the article's iteration tables can be
printed to the last of their 17 digits, and they match on any machine.

A matrix product, least squares, an eigenvalue or a whole training run is
different. numpy hands those to a BLAS library, which adds the numbers in an
order (and with fused multiply-adds) chosen for this CPU: another laptop gets
the same result to 13 or 14 digits and differs in the last bits. So results
like those are printed with ``STABLE_DIGITS`` significant digits, which is
plenty to read and the same everywhere.
"""
import numpy as np

STABLE_DIGITS = 5
NOISE = 1e-10  # in an array, entries this much smaller than the largest are rounding noise


def stable(value, digits=STABLE_DIGITS):
    """``value`` (a number or an array of numbers) as text with ``digits`` significant digits.

    >>> stable(6.2593799787704285e+22)
    '6.2594e+22'
    >>> stable([149.19571, 0.80429, 3e-15])
    '[149.2, 0.80429, 0]'

    In an array, an entry below ``NOISE`` times the largest one prints as 0:
    it is the rounding error of a zero, and its sign and size change from
    machine to machine.
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 17:
        raise ValueError(f"digits must be a whole number from 1 to 17, got {digits!r}")
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"value must be a number or an array of numbers, got {type(value).__name__}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"value must be a number or an array of numbers, got {type(value).__name__}") from None
    if array.ndim == 0:
        return _number(float(array), digits)
    finite = np.abs(array[np.isfinite(array)])
    floor = NOISE * finite.max() if finite.size else 0.0
    cleaned = np.where(np.abs(array) < floor, 0.0, array)
    return np.array2string(cleaned, separator=", ", formatter={"float_kind": lambda x: _number(x, digits)})


def _number(x, digits):
    text = f"{x:.{digits}g}"
    return "0" if text == "-0" else text
