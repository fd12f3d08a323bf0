"""Print numbers as JavaScript's ``String(x)`` does (plain decimals for 1e-6 <= |x| < 1e21), so
runs match the articles digit for digit."""
import math
from decimal import Decimal

from gdcourse.locale import _


def js_number(x):
    """Format the float ``x`` exactly as JavaScript's ``String(x)`` would: ``js_number(400.0) == '400'``."""
    try:
        if isinstance(x, (str, bytes)) or x is None:
            raise TypeError
        x = float(x)
    except (TypeError, ValueError):
        raise TypeError(_("{name} must be a real number, got {type} {value!r}", name="x", type=type(x).__name__,
                          value=x)) from None
    except OverflowError:  # a whole number such as 10**400
        raise ValueError(_("{name} is too large for a float64 (more than about 1.8e308)", name="x")) from None
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"  # JavaScript prints -0 as "0" too
    if x < 0:
        return "-" + js_number(-x)
    # The shortest round-trip digits, from Python's repr: x = 0.d1d2...dk * 10**n
    _sign, digit_tuple, exponent = Decimal(repr(x)).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    k = len(digits)
    n = k + exponent
    if k <= n <= 21:                      # a whole number: pad with zeros
        return digits + "0" * (n - k)
    if 0 < n <= 21:                       # decimal point inside the digits
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:                       # small: leading zeros after "0."
        return "0." + "0" * (-n) + digits
    sign = "+" if n - 1 >= 0 else "-"     # otherwise scientific notation
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{mantissa}e{sign}{abs(n - 1)}"
