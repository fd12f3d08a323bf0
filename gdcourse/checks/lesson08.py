"""Checks for lesson 08: a momentum step and an Adam step in Keras 3's form, part by part; two predictions."""
import numpy as np

from gdcourse.checks.core import check_function, check_value, compact
from gdcourse.locale import N_, _

__all__ = ["momentum_step", "adam_step", "predict_momentum_speedup", "predict_race_winner"]

MOMENTUM_CASES = [  # (w, velocity, grad, lr, beta): velocity is not 0, lr is not 1, beta is not 0
    (np.array([1.0, -2.0]), np.array([0.5, 0.25]), np.array([3.0, -1.0]), 0.1, 0.9),
    (np.array([[0.5], [4.0], [-1.0]]), np.array([[-0.2], [0.0], [0.3]]), np.array([[1.0], [2.0], [-0.5]]), 0.05, 0.5),
    (np.array([2.0]), np.array([-1.0]), np.array([0.0]), 0.3, 0.8),   # no slope: only the velocity moves w
    (np.array([0.0, 0.0]), np.array([0.0, 0.0]), np.array([2.0, -4.0]), 0.01, 0.99),  # the first step
]
def _momentum_labels():  # made when checking: compact() names shapes in the language of that moment
    return [f"momentum_step(w={compact(w)}, velocity={compact(v)}, grad={compact(g)}, lr={lr}, beta={b})"
            for w, v, g, lr, b in MOMENTUM_CASES]


def _momentum(w, velocity, grad, lr, beta):
    velocity = beta * velocity - lr * grad   # Keras: the velocity is the step itself
    return w + velocity, velocity


_KERAS = N_("velocity = beta * velocity - lr * grad, then w = w + velocity")
MOMENTUM_MISTAKES = [
    (N_("Both come out going uphill: the velocity must *subtract* lr * grad: {keras}.", keras=_KERAS),
     lambda w, v, g, lr, b: (w + (b * v + lr * g), b * v + lr * g)),
    (N_("Your new w is right, but your velocity has the opposite sign. In Keras's form the velocity is the step "
        "itself, pointing the way w moves: {keras}.", keras=_KERAS),
     lambda w, v, g, lr, b: (w - (b * v + lr * g), b * v + lr * g)),
    (N_("The old velocity has to be multiplied by beta before the new push is added: {keras}.", keras=_KERAS),
     lambda w, v, g, lr, b: (w + v - lr * g, v - lr * g)),
    (N_("You used the 'moving average' convention with (1 - beta) * lr * grad: legitimate, but not Keras': "
        "{keras}.", keras=_KERAS), lambda w, v, g, lr, b: (w + b * v - (1 - b) * lr * g, b * v - (1 - b) * lr * g)),
]
_OTHER_FORMS = [  # (its hint, the push's factor): legitimate conventions, but not Keras'
    (lambda sign, move: N_("You used PyTorch's form, velocity = beta * velocity {sign} grad, then w = w {move} lr * "
                           "velocity: legitimate, but the same lr and beta then step differently. This course follows "
                           "Keras: {keras}.", sign=sign, move=move, keras=_KERAS), lambda b: 1),
    (lambda sign, move: N_("You used the moving-average form, velocity = beta * velocity {sign} (1 - beta) * grad, "
                           "then w = w {move} lr * velocity: legitimate, but the same lr and beta then step "
                           "differently. This course follows Keras: {keras}.", sign=sign, move=move, keras=_KERAS),
     lambda b: 1 - b)]
for hint, k in _OTHER_FORMS:
    for s, sign, move in (1, "+", "-"), (-1, "-", "+"):  # the velocity kept pointing uphill, or downhill
        MOMENTUM_MISTAKES.append((hint(sign, move), lambda w, v, g, lr, b, s=s, k=k: (
            w - s * lr * (b * v + s * k(b) * g), b * v + s * k(b) * g)))
MOMENTUM_MISTAKES += [
    (N_("Your velocity is right, but w moved with the *old* velocity: update the velocity first."),
     lambda w, v, g, lr, b: (w + v, b * v - lr * g)),
    (N_("That is Nesterov momentum: next in this lesson, but this exercise asks for plain momentum, w = w + velocity."),
     lambda w, v, g, lr, b: (w + b * (b * v - lr * g) - lr * g, b * v - lr * g)),
    (N_("The learning rate is missing: the push is lr * grad."), lambda w, v, g, lr, b: (w + b * v - g, b * v - g)),
    (N_("Your velocity is right, but w is not: w = w + velocity (the velocity is already the whole step)."),
     lambda w, v, g, lr, b: (w - (b * v - lr * g), b * v - lr * g), [1]),
]


def momentum_step(learner_fn):
    """Check ``momentum_step(w, velocity, grad, lr, beta)``, which returns ``(new_w, new_velocity)``."""
    return check_function("momentum_step", learner_fn, MOMENTUM_CASES, _momentum, MOMENTUM_MISTAKES,
                          parts=("new_w", "new_velocity"), order=(1, 0), labels=_momentum_labels())


ADAM_CASES = [  # (w, m, v, grad, t, lr, beta_1, beta_2, epsilon)
    (np.array([1.0, -2.0]), np.zeros(2), np.zeros(2), np.array([3.0, -0.5]), 1, 0.1, 0.9, 0.999, 1e-7),
    (np.array([0.5, 1.5, -1.0]), np.array([0.2, -0.1, 0.05]), np.array([0.04, 0.01, 0.3]),
     np.array([1.0, 2.0, -0.5]), 2, 0.01, 0.9, 0.999, 1e-7),
    (np.array([[2.0], [-1.0]]), np.array([[0.5], [0.1]]), np.array([[0.2], [0.5]]),
     np.array([[-1.0], [0.25]]), 10, 0.05, 0.8, 0.9, 0.5),  # epsilon 0.5: inside or outside the root differs
    (np.array([0.0]), np.array([-0.3]), np.array([0.09]), np.array([0.7]), 3, 0.2, 0.5, 0.75, 0.1),
]
def _adam_labels():  # made when checking, in the language of that moment
    return [_("adam_step at t={t} from w={w}, lr={lr}, beta_1={b1}, beta_2={b2}, epsilon={eps:g}", t=t, w=compact(w),
              lr=lr, b1=b1, b2=b2, eps=eps) for w, m, v, g, t, lr, b1, b2, eps in ADAM_CASES]


def _adam(paper=False, swap=False, t_shift=0, eps_inside=False, correct_m=True, correct_v=True, old_moments=False):
    """Keras 3's Adam (alpha_t) or the paper's (m_hat, v_hat), or one slip in w's step (m and v are checked alone)."""
    def step(w, m, v, g, t, lr, b1, b2, eps):
        new_m, new_v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        m, v = (m, new_m)[not old_moments], (v, new_v)[not old_moments]
        k1, k2 = (b2, b1) if swap else (b1, b2)
        c1 = 1 - k1 ** np.float64(t + t_shift) if correct_m else 1.0  # numpy: t - 1 at t = 1 gives inf, no raise
        c2 = 1 - k2 ** np.float64(t + t_shift) if correct_v else 1.0
        if paper:
            m, v, c1, c2 = m / c1, v / c2, 1.0, 1.0
        root = np.sqrt(v + eps) if eps_inside else np.sqrt(v) + eps
        return w - lr * np.sqrt(c2) / c1 * m / root, new_m, new_v
    return step


_SWAPPED = N_("beta_1 and beta_2 are swapped: beta_1 (0.9) belongs to m, beta_2 (0.999) to v.")
_ONE_MINUS = N_("The moving averages lost their (1 - beta) factors: m = beta_1 * m + (1 - beta_1) * grad, likewise v.")
ADAM_MISTAKES = [  # first m and v on their own, whatever w did; then w's step, in Keras's form and the paper's
    (_SWAPPED, lambda w, m, v, g, t, lr, b1, b2, eps: (w, b2 * m + (1 - b2) * g), [1]),
    (_SWAPPED, lambda w, m, v, g, t, lr, b1, b2, eps: (w, m, b1 * v + (1 - b1) * g * g), [2]),
    (_ONE_MINUS, lambda w, m, v, g, t, lr, b1, b2, eps: (w, b1 * m + g), [1]),
    (_ONE_MINUS, lambda w, m, v, g, t, lr, b1, b2, eps: (w, m, b2 * v + g * g), [2]),
    (N_("v must average the *squared* gradients: v = beta_2 * v + (1 - beta_2) * grad**2."),
     lambda w, m, v, g, t, lr, b1, b2, eps: (w, m, b2 * v + (1 - b2) * g), [2]),
] + [(hint, _adam(paper, **slip)) for hint, slip in [
    (N_("No bias correction: m and v start at 0, so early on they are far too small. Use "
        "alpha_t = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)."), dict(correct_m=False, correct_v=False)),
    (N_("Only m got its bias correction; v needs one too (the sqrt(1 - beta_2**t) in alpha_t)."),
     dict(correct_v=False)),
    (N_("Only v got its bias correction; m needs one too (the 1 / (1 - beta_1**t) in alpha_t)."),
     dict(correct_m=False)),
    (N_("Your bias correction uses t - 1: t is the number of this step, counting from 1."), dict(t_shift=-1)),
    (N_("Your bias correction uses t + 1: t is already the number of this step, counting from 1."), dict(t_shift=1)),
    (N_("epsilon went inside the square root, sqrt(v + epsilon). Adam adds it outside: m / (sqrt(v) + epsilon)."),
     dict(eps_inside=True)),
    (N_("beta_1 and beta_2 are swapped in the bias correction: 1 - beta_1**t goes with m, 1 - beta_2**t with v."),
     dict(swap=True)),
    (N_("Your new m and v are right, but w moved with the *old* m and v: update them first."), dict(old_moments=True)),
] for paper in (False, True)]


def adam_step(learner_fn):
    """Check ``adam_step(w, m, v, grad, t, lr, beta_1, beta_2, epsilon)``, returning ``(new_w, new_m, new_v)``."""
    return check_function(
        "adam_step", learner_fn, ADAM_CASES, _adam(), ADAM_MISTAKES, parts=("new_w", "new_m", "new_v"),
        order=(1, 2, 0), labels=_adam_labels(), explain_error=lambda message: message + " " + _(
            "With t = 1, 1 - beta**(t - 1) is 0: t counts from 1, so use beta_1**t and beta_2**t.")
        if "division by zero" in message else None,
        accept=[(N_("You wrote the paper's form (m_hat, v_hat); Keras folds the corrections into alpha_t. Both are "
                    "Adam."), _adam(paper=True))])


def predict_momentum_speedup(value):
    """Prediction: on a steady slope, momentum 0.9's velocity grows to how many plain steps (lr * grad)?"""
    return check_value("my_prediction", value, 10, praise=N_("v = 0.9 v - lr g stops changing at v = -lr g / 0.1."),
                       hints=[(N_("0.9 is beta. Where does v = beta * v - lr * grad stop changing?"), 0.9),
                              (N_("9 is beta / (1 - beta)."), 9)])


def predict_race_winner(value):
    """Prediction: which of the race's six entrants (numbered 1 to 6 in its order) ends with the lowest loss?"""
    wrong = _("Not that one: which runner is fast along the floor but swings least across it?")
    return check_value("my_prediction", value, 3, rtol=0, hints=[(wrong, k) for k in (1, 2, 4, 5, 6)],
                       explain=lambda v: _("Choose a whole number from 1 to 6, one of the race's entrants."),
                       praise=N_("Nesterov takes its gradient at the look-ahead point, so it swings less than "
                                 "momentum."))
