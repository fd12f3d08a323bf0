"""Learning-rate schedules (Keras formulas)."""
import math

import pytest

from gdcourse.framework.optimizers.schedules import CosineDecay, ExponentialDecay


def test_exponential_decay_smooth():
    s = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert s(0) == 0.1
    assert s(10) == pytest.approx(0.05, rel=1e-15)
    assert s(5) == pytest.approx(0.1 * 0.5**0.5, rel=1e-15)
    assert s(20) == pytest.approx(0.025, rel=1e-15)


def test_cosine_decay():
    s = CosineDecay(1.0, decay_steps=100, alpha=0.1)
    assert s(0) == pytest.approx(1.0)
    assert s(50) == pytest.approx(0.9 * 0.5 + 0.1)
    assert s(100) == pytest.approx(0.1)
    assert s(500) == pytest.approx(0.1)  # stays at alpha * initial afterwards
    assert s(25) == pytest.approx(0.9 * 0.5 * (1 + math.cos(math.pi / 4)) + 0.1)


@pytest.mark.parametrize("make, arg", [
    (lambda: ExponentialDecay(0, 10, 0.5), "initial_learning_rate"),
    (lambda: ExponentialDecay(0.1, 0, 0.5), "decay_steps"),
    (lambda: ExponentialDecay(0.1, 10, -1), "decay_rate"),
    (lambda: CosineDecay(0.1, 10, alpha=2), "alpha"),
])
def test_bad_input(make, arg):
    with pytest.raises(ValueError, match=arg):
        make()
