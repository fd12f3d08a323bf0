"""One seed for every random number: ``set_seed(n)`` plays ``tf.random.set_seed``."""
import numpy as np

from gdcourse import validate

_seed, _draws = None, 0  # the seed set_seed() set; how many generators rng() made since


def set_seed(seed):
    """Make every later random draw (weights, shuffles) repeat; ``None``: fresh randomness."""
    global _seed, _draws
    _seed, _draws = None if seed is None else validate.integer("seed", seed, minimum=0), 0


def rng(seed=None):
    """A numpy Generator from ``seed``; else the next of set_seed's repeatable streams; else fresh."""
    global _draws
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None:
        return np.random.default_rng(validate.integer("seed", seed, minimum=0))
    if _seed is None:
        return np.random.default_rng()
    _draws += 1
    return np.random.default_rng([_seed, _draws])
