"""Data sets made in code."""
import numpy as np
import pytest

from gdcourse.course import datasets


def test_article000_tables():
    x_train, y_train, x_test, y_test = datasets.article000()
    assert x_train.tolist() == [[1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 6], [4, 5, 6, 7]]
    assert y_train.tolist() == [[2], [4], [6], [8]]
    assert x_test.tolist() == [[5, 6, 7, 8], [6, 7, 8, 9], [7, 8, 9, 10], [8, 9, 10, 11]]
    assert y_test.tolist() == [[10], [12], [14], [16]]
    assert all(a.dtype == np.float64 for a in (x_train, y_train, x_test, y_test))


def test_article001_excludes_100():
    x, y = datasets.article001()
    assert x.shape == y.shape == (99,)
    assert x[0] == 1 and x[-1] == 99
    np.testing.assert_array_equal(y, x**2)


def test_noisy_line_is_seeded_and_shaped():
    x, y = datasets.noisy_line()
    assert x.shape == y.shape == (100, 1)
    assert 0 <= x.min() and x.max() < 100
    x2, y2 = datasets.noisy_line(seed=23)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(datasets.noisy_line(seed=1)[1], y)
    noise = y - 2 * x
    assert 40 < noise.mean() < 60 and 14 < noise.std() < 26
    assert datasets.noisy_line(n=7)[0].shape == (7, 1)


def test_infected_counts():
    s = datasets.infected_counts()
    assert s.shape == (120,) and s.dtype == np.float64
    assert (s >= 0).all() and (s == np.round(s)).all()
    np.testing.assert_array_equal(s, datasets.infected_counts(seed=0))
    assert not np.array_equal(s, datasets.infected_counts(seed=1))
    peak = int(np.argmax(s))
    assert 40 < peak < 80  # an epidemic wave
    assert datasets.infected_counts(days=30).shape == (30,)


def test_make_lagged():
    X, y = datasets.make_lagged(np.arange(10.0), lags=3)
    assert X.shape == (7, 3) and y.shape == (7, 1)
    assert X[0].tolist() == [0, 1, 2] and y[0, 0] == 3
    assert X[-1].tolist() == [6, 7, 8] and y[-1, 0] == 9


@pytest.mark.parametrize("call, arg", [
    (lambda: datasets.noisy_line(n=0), "n"),
    (lambda: datasets.infected_counts(days=0), "days"),
    (lambda: datasets.make_lagged([1.0, 2.0], lags=2), "lags"),
    (lambda: datasets.make_lagged([1.0, 2.0, 3.0], lags=0), "lags"),
    (lambda: datasets.make_lagged([[1.0, 2.0]], lags=1), "series"),
])
def test_bad_input(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()


def test_bad_types():
    with pytest.raises(TypeError, match="seed"):
        datasets.noisy_line(seed=1.5)
