"""Input checks shared by every gdcourse function.

Each helper either returns a clean value or raises a ``TypeError`` /
``ValueError`` whose message names the argument and says what was expected,
so a learner who passes the wrong thing reads a sentence, not a numpy
traceback.
"""
import numbers

import numpy as np

from gdcourse.locale import _


def number(name, value, *, positive=False, nonnegative=False, finite=True):
    """Return ``value`` as a float, or raise a clear error.

    >>> number("alpha", 0.1, positive=True)
    0.1
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    # bool is a subclass of int, but True as a learning rate is always a mistake.
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(_("{name} must be a real number, got {type} {value!r}", name=name, type=type(value).__name__,
                          value=value))
    try:
        value = float(value)
    except OverflowError:  # a whole number such as 10**400
        raise ValueError(_("{name} is too large for a float64 (more than about 1.8e308)", name=name)) from None
    if finite and not np.isfinite(value):
        raise ValueError(_("{name} must be a finite number, got {value!r}", name=name, value=value))
    if positive and not value > 0:
        raise ValueError(_("{name} must be greater than 0, got {value!r}", name=name, value=value))
    if nonnegative and not value >= 0:
        raise ValueError(_("{name} must be 0 or more, got {value!r}", name=name, value=value))
    return value


def integer(name, value, *, minimum=None):
    """Return ``value`` as an int, or raise a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(_("{name} must be a whole number, got {type} {value!r}", name=name, type=type(value).__name__,
                          value=value))
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(_("{name} must be at least {minimum}, got {value}", name=name, minimum=minimum, value=value))
    return value


def array(name, value, *, ndim=None, allow_empty=False):
    """Return ``value`` as a float64 numpy array, or raise a clear error.

    Numbers, lists and arrays are accepted. ``ndim`` may be an int or a tuple
    of allowed dimension counts.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise not_numbers(name, value)
    if getattr(getattr(value, "dtype", None), "kind", None) == "c":  # numpy would drop the imaginary part
        raise TypeError(_("{name} must be a number or an array of numbers, got complex numbers", name=name))
    try:
        out = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise not_numbers(name, value) from None
    except OverflowError:  # a whole number such as 10**400
        raise ValueError(_("{name} holds a number too large for a float64 (more than about 1.8e308)",
                           name=name)) from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if out.ndim not in allowed:
            want = f" {_('or')} ".join(str(n) for n in allowed)
            raise ValueError(_("{name} must have {want} dimension(s), got shape {shape}", name=name, want=want,
                               shape=out.shape))
    if out.size == 0 and not allow_empty:
        raise ValueError(_("{name} must not be empty", name=name))
    if not np.all(np.isfinite(out)):
        raise ValueError(_("{name} must contain only finite numbers (no NaN or infinity)", name=name))
    return out


def not_numbers(name, value):  # the TypeError for a value that is not numbers
    return TypeError(_("{name} must be a number or an array of numbers, got {type}", name=name,
                       type=type(value).__name__))
