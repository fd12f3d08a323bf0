"""Forecasting helpers for the capstone: baseline, split in time, scores, the reference model."""
import numpy as np
import pytest

from gdcourse.course import datasets, forecast


def test_same_as_yesterday_is_the_series_shifted_by_one_day():
    assert forecast.same_as_yesterday([5, 7, 6, 9], days=2).tolist() == [7.0, 6.0]
    s = np.arange(20.0) ** 2
    np.testing.assert_array_equal(forecast.same_as_yesterday(s, 14), s[5:19])
    assert forecast.same_as_yesterday(s).shape == (forecast.VALIDATION_DAYS,)
    with pytest.raises(ValueError, match="days must be smaller than the length of series"):
        forecast.same_as_yesterday([1, 2, 3], days=3)
    with pytest.raises(ValueError, match="days must be at least 1"):
        forecast.same_as_yesterday([1, 2, 3], days=0)
    with pytest.raises(ValueError, match="series must have 1 dimension"):
        forecast.same_as_yesterday([[1, 2], [3, 4]], days=1)


def test_validation_split_keeps_time_order_and_targets_the_last_days():
    s = np.arange(30.0)
    X_train, y_train, X_val, y_val = forecast.validation_split(s, lags=3, validation_days=5)
    assert X_train.shape == (22, 3) and y_train.shape == (22, 1)
    assert X_val.shape == (5, 3) and y_val.shape == (5, 1)
    np.testing.assert_array_equal(y_val.ravel(), s[-5:])          # targets: the validation days
    np.testing.assert_array_equal(X_val[-1], s[-4:-1])            # features: the 3 days before
    np.testing.assert_array_equal(X_val[:, -1], forecast.same_as_yesterday(s, 5))
    assert y_train.max() < s[-5]                                  # no validation target in training
    with pytest.raises(ValueError, match="too few"):
        forecast.validation_split(np.arange(8.0), lags=3, validation_days=5)


def test_mse_and_compare_with_baseline_exact_values():
    assert forecast.mse([1, 2, 3], [1, 2, 5]) == pytest.approx(4 / 3)
    s = np.array([10.0, 12.0, 11.0, 15.0])
    # last 2 days: truth 11, 15; baseline 12, 11 -> MSE (1 + 16) / 2 = 8.5
    score = forecast.compare_with_baseline([11.0, 14.0], s, days=2)
    assert score == pytest.approx({"model_mse": 0.5, "baseline_mse": 8.5, "ratio": 0.5 / 8.5})
    with pytest.raises(ValueError, match="predictions has 3 values, but days is 2"):
        forecast.compare_with_baseline([1.0, 2.0, 3.0], s, days=2)


def test_a_constant_series_has_a_perfect_baseline():
    score = forecast.compare_with_baseline([5.0, 5.0], [5.0, 5.0, 5.0, 5.0], days=2)
    assert score == {"model_mse": 0.0, "baseline_mse": 0.0, "ratio": 1.0}     # a tie
    score = forecast.compare_with_baseline([5.0, 6.0], [5.0, 5.0, 5.0, 5.0], days=2)
    assert score["ratio"] == float("inf")


def test_reference_forecast_beats_the_baseline_and_is_repeatable():
    s = datasets.infected_counts()
    p = forecast.lag_model_forecast(s)
    assert p.shape == (forecast.VALIDATION_DAYS,) and np.all(np.isfinite(p))
    score = forecast.compare_with_baseline(p, s)
    assert score["ratio"] < 0.8
    np.testing.assert_array_equal(p, forecast.lag_model_forecast(s))


def test_reference_forecast_beats_the_baseline_on_other_seeds_too():
    for seed in (1, 2):
        s = datasets.infected_counts(seed=seed)
        assert forecast.compare_with_baseline(forecast.lag_model_forecast(s), s)["ratio"] < 0.9


def test_raw_counts_lose_to_the_baseline():
    """The lesson's first attempt: raw counts and all the history. The baseline wins by far."""
    s = datasets.infected_counts()
    p = forecast.lag_model_forecast(s, log=False, train_rows=None, optimizer="sgd", learning_rate=0.05)
    assert forecast.compare_with_baseline(p, s)["ratio"] > 2


def test_forecasts_never_use_the_days_they_forecast():
    """Change the last day: every forecast stays the same (it is only ever a target)."""
    s = datasets.infected_counts()
    changed = s.copy()
    changed[-1] = 10 * s[-1] + 100
    np.testing.assert_array_equal(forecast.lag_model_forecast(s), forecast.lag_model_forecast(changed))


def test_forecast_plot_shades_the_validation_days():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from gdcourse.pictures import plots
    s = datasets.infected_counts()
    fig, ax = plots.forecast(s, {"baseline": forecast.same_as_yesterday(s)}, validation_days=14, first_day=90)
    assert ax.get_xlabel() == "day" and ax.get_ylabel()
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_array_equal(lines["baseline"].get_xdata(), np.arange(106, 120))
    np.testing.assert_array_equal(lines["true count"].get_xdata(), np.arange(90, 120))
    with pytest.raises(ValueError, match="one forecast per validation day"):
        plots.forecast(s, {"short": [1.0, 2.0]}, validation_days=14)
    plt.close("all")
