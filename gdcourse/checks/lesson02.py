"""Checks for lesson 02, "Guess up or down".

Negative data (a bigger weight makes a *smaller* prediction) exposes a rule that only looks at the
prediction; a weight already better than both neighbours shows that the article's rule moves anyway.
"""
from gdcourse.checks.core import check_function, check_value

__all__ = ["up_down_step", "smallest_error", "evaluations_50"]


def _error(weight, data, true_value):
    return (data * weight - true_value) ** 2


def _better_of(up, down, data, true_value):
    """The article's choice: go up only when up is strictly better, otherwise go down."""
    return up if _error(up, data, true_value) < _error(down, data, true_value) else down


def _reference_step(weight, data, true_value, step):
    return _better_of(weight + step, weight - step, data, true_value)


UP_DOWN_CASES = [  # (weight, data, true_value, step); none is a tie
    (0.5, 3.0, 4.0, 0.05),    # the article's first step: up to 0.55
    (2.0, 3.0, 4.0, 0.1),     # too high: down to 1.9
    (1.33, 3.0, 4.0, 0.05),   # already better than both neighbours, but the rule still moves
    (0.5, -2.0, 3.0, 0.1),    # negative data: the prediction is too low, yet the weight must go down
    (-1.0, -2.0, 3.0, 0.25),
    (1.0, 0.5, -2.0, 0.5),
]


def _stay_if_best(w, d, t, s):
    new = _reference_step(w, d, t, s)
    return w if _error(w, d, t) <= _error(new, d, t) else new


_KEEP_SMALLER = ("Compute the error for weight + step and for weight - step, "
                 "and keep the one with the smaller error.")
_PREDICTIONS = ("You compared the two predictions with each other. A bigger prediction is not a better one: "
                "compare the two *errors* and keep the smaller.")
UP_DOWN_MISTAKES = [
    ("Your function always goes up. " + _KEEP_SMALLER, lambda w, d, t, s: w + s),
    ("Your function always goes down. " + _KEEP_SMALLER, lambda w, d, t, s: w - s),
    ("Your function picks the worse direction: it keeps the weight with the LARGER error. Flip the comparison.",
     lambda w, d, t, s: w + s if _error(w + s, d, t) > _error(w - s, d, t) else w - s),
    ("You moved by step * data. The prediction changes by step * data, but the weight itself "
     "should change by exactly step.", lambda w, d, t, s: _better_of(w + s * abs(d), w - s * abs(d), d, t)),
    (_PREDICTIONS, lambda w, d, t, s: w + s if d * (w + s) < d * (w - s) else w - s),
    (_PREDICTIONS, lambda w, d, t, s: w + s if d * (w + s) > d * (w - s) else w - s),
    ("You go up whenever the prediction is below the true value. That works for positive data, "
     "but with negative data a bigger weight makes a smaller prediction. Compare the errors of "
     "weight + step and weight - step instead: that works for any data.",
     lambda w, d, t, s: w + s if d * w < t else w - s),
    ("Your function stays put when the current weight beats both neighbours. That is a sensible "
     "improvement (the lesson discusses it), but this exercise asks for the article's rule: "
     "always move to the better of weight + step and weight - step.", _stay_if_best),
    ("You returned the new prediction (data * weight). Return the new weight itself.",
     lambda w, d, t, s: d * _reference_step(w, d, t, s)),
    ("You returned the error of the new weight. Return the new weight itself.",
     lambda w, d, t, s: _error(_reference_step(w, d, t, s), d, t)),
]


def up_down_step(learner_fn):
    """Check ``up_down_step(weight, data, true_value, step)``, which returns the new weight."""
    return check_function("up_down_step", learner_fn, UP_DOWN_CASES, _reference_step, UP_DOWN_MISTAKES)


_A_WEIGHT = "That is a weight, not an error. Compute the error of that weight."
_A_PREDICTION = "That is a prediction, not an error: the error is (prediction - 4) ** 2."


def smallest_error(value):
    """Check the smallest error the search reaches from weight 0.5 with step 0.05 (data 3, true value 4)."""
    return check_value("smallest_error", value, 0.0025, hints=[
        ("0 would need the weight 4/3 = 1.3333..., but from 0.5 in steps of 0.05 the search can only "
         "reach weights 0.5 + k * 0.05. Which of those comes closest?", 0.0),
        ("That is the error at weight 1.3 (prediction 3.9). Its neighbour on the other side of 4/3 does better.",
         0.01),
        ("That is the error at the starting weight. The search gets much closer.", 6.25),
        (_A_WEIGHT, 1.35), (_A_WEIGHT, 1.3), (_A_PREDICTION, 4.05), (_A_PREDICTION, 3.9),
        ("That is the miss (prediction - 4), not yet squared. (It happens to equal the step, too.)", 0.05)])


def evaluations_50(value):
    """Check how many error evaluations a 50-iteration up/down search spends."""
    return check_value("evaluations_50", value, 150, hints=[
        ("That is one evaluation per iteration. Each iteration computes the current error AND the "
         "errors for going up and for going down.", 50),
        ("That counts going up and going down, but the article's loop also computes the current "
         "error in every iteration (to print it).", 100),
        ("That is the count for the 20-iteration run. How many for 50 iterations?", 60)])
