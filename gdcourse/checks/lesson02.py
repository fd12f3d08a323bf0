"""Checks for lesson 02, "Guess up or down". Negative data (a bigger weight makes a *smaller* prediction) exposes
a rule that only looks at the prediction; a weight better than both neighbours shows the article's rule moves anyway.
"""
from gdcourse.checks.core import check_function, check_value
from gdcourse.locale import N_

__all__ = ["up_down_step", "smallest_error", "predict_updates", "predict_floor"]


def _error(weight, data, true_value):
    return (data * weight - true_value) ** 2


def _better_of(up, down, data, true_value):  # the article's choice: up only when strictly better
    return up if _error(up, data, true_value) < _error(down, data, true_value) else down


def _reference_step(weight, data, true_value, step):
    return _better_of(weight + step, weight - step, data, true_value)


UP_DOWN_CASES = [  # (weight, data, true_value, step); the last is a tie
    (0.5, 3.0, 4.0, 0.05),    # the article's first step: up to 0.55
    (2.0, 3.0, 4.0, 0.1),     # too high: down to 1.9
    (1.33, 3.0, 4.0, 0.05),   # already better than both neighbours, but the rule still moves
    (0.5, -2.0, 3.0, 0.1),    # negative data: the prediction is too low, yet the weight must go down
    (-1.0, -2.0, 3.0, 0.25), (1.0, 0.5, -2.0, 0.5),
    (1.0, 2.0, 2.0, 0.5),     # a tie: both errors are exactly 1, and the article's rule goes down
]
_KEEP = N_("Compute the error for weight + step and for weight - step, and keep the one with the smaller error.")
_PREDICTIONS = N_("You compared the two predictions or signed misses; compare the squared errors and keep the "
                  "smaller.")
UP_DOWN_MISTAKES = [
    (N_("Your function always goes up. {keep}", keep=_KEEP), lambda w, d, t, s: w + s),
    (N_("Your function always goes down. {keep}", keep=_KEEP), lambda w, d, t, s: w - s),
    (N_("On a tie (equal errors) you go up; the article goes up only when strictly better: use `<`, not `<=`."),
     lambda w, d, t, s: w + s if _error(w + s, d, t) <= _error(w - s, d, t) else w - s),
    (N_("Your function picks the worse direction (the LARGER error). Flip the comparison."),
     lambda w, d, t, s: w + s if _error(w + s, d, t) > _error(w - s, d, t) else w - s),
    (N_("You moved by step * data: the prediction changes by that, but the weight moves by exactly step."),
     lambda w, d, t, s: _better_of(w + s * abs(d), w - s * abs(d), d, t)),
    (_PREDICTIONS, lambda w, d, t, s: w + s if d * (w + s) < d * (w - s) else w - s),
    (_PREDICTIONS, lambda w, d, t, s: w + s if d * (w + s) > d * (w - s) else w - s),
    (N_("You go up whenever the prediction is below the true value, but with negative data a bigger weight makes "
        "a smaller prediction. Compare the errors of weight + step and weight - step."),
     lambda w, d, t, s: w + s if d * w < t else w - s),
    (N_("Your function stays put when the current weight beats both neighbours: sensible, but this exercise asks "
        "for the article's rule: always move to the better of weight + step and weight - step."),
     lambda w, d, t, s: w if _error(w, d, t) <= _error(_reference_step(w, d, t, s), d, t)
     else _reference_step(w, d, t, s)),
    (N_("You returned the new prediction (data * weight). Return the new weight itself."),
     lambda w, d, t, s: d * _reference_step(w, d, t, s)),
    (N_("You returned the error of the new weight. Return the new weight itself."),
     lambda w, d, t, s: _error(_reference_step(w, d, t, s), d, t)),
]


def up_down_step(learner_fn):
    """Check ``up_down_step(weight, data, true_value, step)``, which returns the new weight."""
    return check_function("up_down_step", learner_fn, UP_DOWN_CASES, _reference_step, UP_DOWN_MISTAKES)


_WEIGHT, _PREDICTION = (N_("That is a weight, not an error. Compute the error of that weight."),
                        N_("That is a prediction, not an error: the error is (prediction - 4) ** 2."))


def smallest_error(value):
    """Check the smallest error the search reaches from weight 0.5 with step 0.05 (data 3, true value 4)."""
    return check_value("smallest_error", value, 0.0025, hints=[
        (N_("0 needs the weight 4/3, but the search can only reach weights 0.5 + k * 0.05. Which comes closest?"),
         0.0), (N_("That is the error at weight 1.3. Its neighbour on the other side of 4/3 does better."), 0.01),
        (N_("That is the error at the starting weight. The search gets much closer."), 6.25),
        (_WEIGHT, 1.35), (_WEIGHT, 1.3), (_PREDICTION, 4.05), (_PREDICTION, 3.9),
        (N_("That is the miss (prediction - 4), not yet squared."), 0.05)])


def predict_updates(value):
    """Prediction: the updates that take the search from weight 0.5 past 4/3 with step 0.05."""
    return check_value("my_prediction", value, 17, praise=N_("0.5 + 17 * 0.05 = 1.35 is the first grid weight past "
                                                             "4/3."),
                       hints=[(N_("16 updates reach 1.30, still short of 4/3 = 1.333..."), 16),
                              (N_("Line 18 shows it, but iteration N is the state before the N-th update."), 18)])


def predict_floor(value):
    """Prediction: the smallest error the search reaches with step 0.5 from weight 0.5 (data 3, true value 4)."""
    return check_value("my_prediction", value, 0.25, praise=N_("Weight 1.5 (prediction 4.5) is as close as it gets."),
                       hints=[(N_("That is the error at weight 1.0; 1.5, on the other side of 4/3, is closer."), 1.0),
                              (N_("That is the floor for step 0.05; step 0.5 makes the grid 0.5, 1.0, 1.5, ..."),
                               0.0025)])
