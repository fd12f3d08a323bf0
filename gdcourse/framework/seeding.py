"""Seeds: make random starting weights and shuffling repeatable.

``set_seed(n)`` plays the part of ``tf.random.set_seed`` /
``keras.utils.set_random_seed``: after it, every initializer and every
shuffle that was not given its own ``seed`` draws from generators derived
from ``n``, so running a notebook twice gives the same numbers.

>>> from gdcourse import set_seed
>>> set_seed(42)
"""
import numpy as np

from gdcourse import validate

# The one piece of module state in gdcourse (like TensorFlow's global seed):
# the seed set by set_seed() and a counter, so that two layers created one
# after the other get different, but still repeatable, starting weights.
_global_seed = None
_draws = 0


def set_seed(seed):
    """Set the default seed used by initializers and by ``fit(shuffle=True)``.

    ``seed`` is a whole number >= 0, or ``None`` to go back to fresh,
    unrepeatable randomness.
    """
    global _global_seed, _draws
    if seed is not None:
        seed = validate.integer("seed", seed, minimum=0)
    _global_seed = seed
    _draws = 0


def get_seed():
    """The seed set by :func:`set_seed`, or ``None``."""
    return _global_seed


def rng(seed=None):
    """Return a fresh ``np.random.Generator``.

    - ``rng(7)``: a generator seeded with 7 (same numbers every time).
    - ``rng()`` after ``set_seed(n)``: the next generator in a repeatable
      sequence derived from ``n`` (each call gets a different stream).
    - ``rng()`` with no seed set: fresh operating-system randomness.
    """
    global _draws
    if seed is not None:
        if isinstance(seed, np.random.Generator):
            return seed
        return np.random.default_rng(validate.integer("seed", seed, minimum=0))
    if _global_seed is None:
        return np.random.default_rng()
    _draws += 1
    return np.random.default_rng([_global_seed, _draws])
