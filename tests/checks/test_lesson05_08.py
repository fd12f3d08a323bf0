"""Exercise checks of lessons 05 (linear regression) and 08 (beyond plain SGD).

Right answers written several ways must pass; typical wrong ones must fail
with the hint for that mistake; nothing a learner's function does may crash
the check.
"""
import math

import numpy as np
import pytest

from gdcourse import checks
from gdcourse.course import datasets, linear
from gdcourse.checks.core import check_function, compact


# --- lesson 05: mse_gradient ----------------------------------------------------------------

def g_reference(X, y, w, b):
    r = X @ w + b - y
    return 2 / len(X) * X.T @ r, 2 / len(X) * np.sum(r)


def g_loops_and_list(X, y, w, b):
    n, k = X.shape
    dw = np.zeros((k, 1))
    db = 0.0
    for i in range(n):
        miss = float(X[i] @ w[:, 0] + b - y[i, 0])
        for j in range(k):
            dw[j, 0] += 2 * miss * X[i, j] / n
        db += 2 * miss / n
    return [dw, db]


def g_mean_and_array_bias(X, y, w, b):
    r = X.dot(w) + b - y
    return 2 * (X * r).mean(axis=0).reshape(-1, 1), np.array([2 * r.mean()])


def g_einsum_and_prints(X, y, w, b):
    r = (np.einsum("ij,jk->ik", X, w) + b - y).ravel()
    print("debugging", r)
    return (2 / len(X) * np.einsum("ij,i->j", X, r)[:, None], np.float64(2 * r.mean()))


def g_edits_inputs(X, y, w, b):
    w *= 1.0  # harmless in-place edit: the check hands each call its own copies
    X -= 0.0
    return g_reference(X, y, w, b)


@pytest.mark.parametrize("fn", [g_reference, g_loops_and_list, g_mean_and_array_bias, g_einsum_and_prints,
                                g_edits_inputs, linear.mse_gradient])
def test_mse_gradient_accepts_right_answers(fn):
    result = checks.mse_gradient(fn)
    assert result, result.message


def _r(X, y, w, b):
    return X @ w + b - y


@pytest.mark.parametrize("fn, words", [
    (lambda X, y, w, b: (X.T @ _r(X, y, w, b) / len(X), np.sum(_r(X, y, w, b)) / len(X)), "dropped the 2"),
    (lambda X, y, w, b: (2 * X.T @ _r(X, y, w, b), 2 * np.sum(_r(X, y, w, b))), "divide by n"),
    (lambda X, y, w, b: (-2 / len(X) * X.T @ _r(X, y, w, b), -2 / len(X) * np.sum(_r(X, y, w, b))),
     "signs are flipped"),
    (lambda X, y, w, b: (2 / len(X) * X @ _r(X, y, w, b), 2 / len(X) * np.sum(_r(X, y, w, b))), "X.T @ r"),
    (lambda X, y, w, b: (2 / len(X) * _r(X, y, w, b).T @ X, 2 / len(X) * np.sum(_r(X, y, w, b))),
     "dw has shape (1, 4)"),
    (lambda X, y, w, b: (2 / len(X) * X.T @ _r(X, y, w, b), 2 / len(X) * _r(X, y, w, b)),
     "db has shape (4, 1); it should be one number"),
    (lambda X, y, w, b: (2 / len(X) * X.T @ _r(X, y, w, b), np.sum(_r(X, y, w, b))), "db is not"),
    (lambda X, y, w, b: (2 / len(X) * X.T @ _r(X, y, w, b), np.sum(_r(X, y, w, b)) / len(X)),
     "dropped the 2 in db only"),
    (lambda X, y, w, b: (2 / len(X) * X.T @ _r(X, y, w, b), -2 / len(X) * np.sum(_r(X, y, w, b))),
     "db is off: it has the wrong sign"),
    (lambda X, y, w, b: (2 / len(X) * X.T @ _r(X, y, w, b) + 1, 2 / len(X) * np.sum(_r(X, y, w, b))),
     "but the right dw is"),
    (lambda X, y, w, b: 2 / len(X) * X.T @ _r(X, y, w, b), "should return 2 things"),
    (lambda X, y, w, b: None, "returned None"),
    (lambda X, y, w, b: ("dw", "db"), "dw is a str"),
    (lambda X, y, w, b: (1, 2, 3), "should return 2 things"),
    (lambda X, y, w, b: 1 / 0, "raised ZeroDivisionError"),
])
def test_mse_gradient_names_the_mistake(fn, words):
    result = checks.mse_gradient(fn)
    assert not result and result.status == "fail"
    assert words in result.message, result.message


def test_mse_gradient_todo_and_not_a_function():
    def stub(X, y, w, b):
        raise NotImplementedError()
    assert checks.mse_gradient(stub).status == "todo"
    result = checks.mse_gradient(None)
    assert result.status == "fail" and "pass your function itself" in result.message


# --- lesson 05: update ----------------------------------------------------------------------------

def u_assign_sub(w, dw, lr):
    w.assign_sub(lr * dw)


def u_assign(w, dw, lr):
    return w.assign(w - lr * dw)


def u_numpy(w, dw, lr):
    w.assign(w.numpy() - lr * np.asarray(dw))
    return None


def u_assign_add_negative(w, dw, lr):
    w.assign_add(-lr * dw)


@pytest.mark.parametrize("fn", [u_assign_sub, u_assign, u_numpy, u_assign_add_negative])
def test_update_accepts_right_answers(fn):
    result = checks.update(fn)
    assert result, result.message


def u_rebinds(w, dw, lr):
    w = w - lr * dw
    return w


def u_discards(w, dw, lr):
    w - lr * dw


def u_uphill(w, dw, lr):
    w.assign_add(lr * dw)


def u_no_lr(w, dw, lr):
    w.assign_sub(dw)


def u_assign_step(w, dw, lr):
    w.assign(lr * dw)


def u_twice(w, dw, lr):
    w.assign_sub(lr * dw)
    w.assign(w - lr * dw)


def u_tfjs(w, dw, lr):
    w.sub(dw.mul(lr))


def u_other(w, dw, lr):
    w.assign(w * 0.5)


@pytest.mark.parametrize("fn, words", [
    (u_rebinds, "returned it, but the Variable w itself did not change"),
    (u_discards, "The Variable w did not change"),
    (u_uphill, "uphill"),
    (u_no_lr, "multiply it by the learning rate"),
    (u_assign_step, "`assign` replaces the value"),
    (u_twice, "twice as far"),
    (u_tfjs, "assign_sub"),
    (u_other, "should hold"),
])
def test_update_names_the_mistake(fn, words):
    result = checks.update(fn)
    assert not result and result.status == "fail"
    assert words in result.message, result.message


def test_update_todo_and_errors():
    def stub(w, dw, lr):
        raise NotImplementedError()
    assert checks.update(stub).status == "todo"
    assert checks.update("w.assign_sub").status == "fail"

    def shape_error(w, dw, lr):
        w.assign(np.zeros(7))
    result = checks.update(shape_error)
    assert result.status == "fail" and "raised ValueError" in result.message


# --- lesson 05: stable learning rate -----------------------------------------------------------

X, Y, _, _ = datasets.article000()
XT = linear.with_bias_column(X)
H = 2 / 4 * XT.T @ XT
LAMBDA = np.linalg.eigvalsh(H)


@pytest.mark.parametrize("value", [
    2 / LAMBDA.max(),
    2 / (75 + math.sqrt(5505)),
    np.float64(2 / np.linalg.eigvals(H).real.max()),
    2 / np.linalg.svd(XT, compute_uv=False).max() ** 2 * 2,   # sigma_max**2 = eigenvalue of Xt.T Xt = 2 lambda
    np.array(2 / LAMBDA.max()),
])
def test_stable_rate_accepts_right_answers(value):
    result = checks.stable_learning_rate(value)
    assert result, result.message


@pytest.mark.parametrize("value, words", [
    (2 / np.linalg.eigvalsh(2 / 4 * X.T @ X).max(), "without the bias"),
    (1 / LAMBDA.max(), "half the boundary"),
    (2 / np.linalg.eigvalsh(XT.T @ XT).max(), "half the boundary"),
    (LAMBDA.max(), "λ_max itself"),
    (2 / LAMBDA[LAMBDA > 1e-9].min(), "smallest curvature"),
    (2 / LAMBDA.min(), "cannot be right"),
    (4 / LAMBDA.max(), "1/n instead of 2/n"),
    (2 / np.linalg.svd(XT, compute_uv=False).max(), "singular values"),
    (2 / np.trace(H), "trace"),
    (0.1, "too large"),
    ("0.0134", "single number"),
    ([0.01, 0.02], "single number"),
])
def test_stable_rate_names_the_mistake(value, words):
    result = checks.stable_learning_rate(value)
    assert not result and result.status == "fail"
    assert words in result.message, result.message


BOUNDARY = 2 / LAMBDA.max()


@pytest.mark.parametrize("printed", [0.0134, 0.013405, 0.0134052, round(BOUNDARY, 8)])
def test_stable_rate_the_printed_boundary_is_close_not_too_small(printed):
    result = checks.stable_learning_rate(printed)   # lesson 05 prints 0.013405 and 0.0134; the check 0.0134052
    assert not result and result.message.startswith("Close") and "rounded print" in result.message
    assert "too small" not in result.message


@pytest.mark.parametrize("past", [0.01341, 0.013406, BOUNDARY * (1 + 1e-7), BOUNDARY * 1.009])
def test_stable_rate_never_accepts_a_rate_past_the_boundary(past):
    result = checks.stable_learning_rate(past)
    assert not result and "diverges" in result.message and "rounded print" in result.message


def test_stable_rate_tolerates_only_rounding_noise():
    assert checks.stable_learning_rate(BOUNDARY * (1 + 1e-12))
    assert checks.stable_learning_rate(BOUNDARY * (1 - 1e-12))
    assert "too small" in checks.stable_learning_rate(0.013).message
    assert "too large" in checks.stable_learning_rate(0.0136).message


def test_stable_rate_todo():
    assert checks.stable_learning_rate(None).status == "todo"


# --- lesson 05: predictions ---------------------------------------------------------------------------

def test_predict_first_cost_is_the_cost_after_one_step():
    w1, b1 = -0.1 * linear.mse_gradient(X, Y, np.zeros((4, 1)), 0.0)[0], 1.0
    assert checks.predict_first_cost(linear.mse(X, Y, w1, b1))
    assert checks.predict_first_cost(5649)
    assert checks.predict_first_cost(None).status == "todo"


@pytest.mark.parametrize("value, words", [
    (30, "before the update"), (linear.mse(X, Y, [30, 40, 50, 60], 10), "forgot the learning rate"),
    (linear.mse(X, Y, [3, 4, 5, 6], 0), "not the bias"), (linear.mse(X, Y, [1.5, 2, 2.5, 3], 0.5), "2 dropped"),
    (5000, "too small"), (1e6, "too large"), ("5649", "single number"),
])
def test_predict_first_cost_names_the_slip(value, words):
    result = checks.predict_first_cost(value)
    assert not result and words in result.message, result.message


def test_predict_lowest_loss_matches_the_runs():
    boundary = 2 / LAMBDA.max()
    final = {f: linear.gradient_descent(X, Y, f * boundary, 1000).losses[-1] for f in (0.5, 0.99, 1.01)}
    assert min(final, key=final.get) == 0.99
    assert checks.predict_lowest_loss(0.99)
    assert "gently curved" in checks.predict_lowest_loss(0.5).message
    assert "past the boundary" in checks.predict_lowest_loss(1.01).message
    assert not checks.predict_lowest_loss(1.0) and not checks.predict_lowest_loss(0.9)


# --- lesson 08: momentum_step -----------------------------------------------------------------------

def m_keras(w, velocity, grad, lr, beta):
    velocity = beta * velocity - lr * grad
    return w + velocity, velocity


def m_in_place_list(w, velocity, grad, lr, beta):
    velocity *= beta
    velocity -= lr * grad
    w += velocity
    return [w, velocity]


def m_two_lines(w, velocity, grad, lr, beta):
    new_velocity = velocity * beta + (-lr) * grad
    new_w = np.add(w, new_velocity)
    return new_w, new_velocity


@pytest.mark.parametrize("fn", [m_keras, m_in_place_list, m_two_lines])
def test_momentum_accepts_right_answers(fn):
    result = checks.momentum_step(fn)
    assert result, result.message


@pytest.mark.parametrize("fn, words", [
    (lambda w, v, g, lr, b: (w + (b * v + lr * g), b * v + lr * g), "uphill"),
    (lambda w, v, g, lr, b: (w - (b * v + lr * g), b * v + lr * g), "opposite sign"),
    (lambda w, v, g, lr, b: (w + v - lr * g, v - lr * g), "multiplied by beta"),
    (lambda w, v, g, lr, b: (w + b * v - (1 - b) * lr * g, b * v - (1 - b) * lr * g), "moving average"),
    (lambda w, v, g, lr, b: (w - lr * (b * v + (1 - b) * g), b * v + (1 - b) * g), "moving-average form"),
    (lambda w, v, g, lr, b: (w + v, b * v - lr * g), "old* velocity"),
    (lambda w, v, g, lr, b: (w + b * (b * v - lr * g) - lr * g, b * v - lr * g), "Nesterov"),
    (lambda w, v, g, lr, b: (w + b * v - g, b * v - g), "learning rate is missing"),
    (lambda w, v, g, lr, b: (w - (b * v - lr * g), b * v - lr * g), "w = w + velocity"),
    (lambda w, v, g, lr, b: (w, v), "but the right new_velocity is"),
    (lambda w, v, g, lr, b: w - lr * g, "should return 2 things"),
    (lambda w, v, g, lr, b: (w[:1], v), "new_w has shape"),
    (lambda w, v, g, lr, b: (float("nan") * w, b * v - lr * g), "Your velocity is right, but w is not"),
    (lambda w, v, g, lr, b: (float("nan") * w, v), "but the right new_velocity is"),
])
def test_momentum_names_the_mistake(fn, words):
    result = checks.momentum_step(fn)
    assert not result and result.status == "fail"
    assert words in result.message, result.message


def m_pytorch(w, velocity, grad, lr, beta):
    velocity = beta * velocity + grad
    w = w - lr * velocity
    return w, velocity


def m_moving_average(w, velocity, grad, lr, beta):
    velocity = beta * velocity + (1 - beta) * grad
    return w - lr * velocity, velocity


def m_pytorch_downhill(w, velocity, grad, lr, beta):  # the PyTorch buffer, kept pointing downhill
    velocity = beta * velocity - grad
    return w + lr * velocity, velocity


@pytest.mark.parametrize("fn, words", [
    (m_pytorch, "PyTorch's form, velocity = beta * velocity + grad, then w = w - lr * velocity"),
    (m_pytorch_downhill, "PyTorch's form, velocity = beta * velocity - grad, then w = w + lr * velocity"),
    (m_moving_average, "moving-average form, velocity = beta * velocity + (1 - beta) * grad, then w = w - lr"),
    (lambda w, v, g, lr, b: (w + lr * (b * v - (1 - b) * g), b * v - (1 - b) * g), "moving-average form"),
])
def test_momentum_names_the_other_conventions(fn, words):
    result = checks.momentum_step(fn)
    assert not result and words in result.message and "This course follows Keras" in result.message, result.message


def test_momentum_never_crashes_and_reports_todo():
    def stub(*args):
        raise NotImplementedError()
    assert checks.momentum_step(stub).status == "todo"

    def raises(*args):
        raise KeyError("velocity")
    assert "raised KeyError" in checks.momentum_step(raises).message


def test_a_function_that_never_returns_is_stopped():
    def forever(w, velocity, grad, lr, beta):
        while True:
            pass
    result = checks.momentum_step(forever)
    assert result.status == "fail" and "did not finish" in result.message


# --- lesson 08: adam_step ----------------------------------------------------------------------------

def a_keras(w, m, v, grad, t, lr, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad ** 2
    alpha_t = lr * math.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v


def a_paper(w, m, v, grad, t, lr, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * np.square(grad)
    m_hat, v_hat = m / (1 - beta_1 ** t), v / (1 - beta_2 ** t)
    return [w - lr * m_hat / (np.sqrt(v_hat) + epsilon), m, v]


def a_gdcourse_optimizer(w, m, v, grad, t, lr, beta_1, beta_2, epsilon):
    # one step of the real optimizer, with its state set to (m, v, t - 1)
    from gdcourse.framework.optimizers import Adam
    opt = Adam(lr, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon)
    w = np.array(w, dtype=float)
    opt.build([w])
    opt.momentums[0], opt.velocities[0] = m.copy(), v.copy()
    opt.iterations = t - 1
    opt.apply_gradients([(grad, w)])
    return w, opt.momentums[0], opt.velocities[0]


def test_adam_accepts_right_answers():
    assert checks.adam_step(a_keras)
    assert checks.adam_step(a_gdcourse_optimizer)
    paper = checks.adam_step(a_paper)
    assert paper and "paper's form" in paper.message


def variant(paper, **slip):
    """adam_step written in Keras's form (alpha_t) or the paper's (m_hat, v_hat), with one slip."""
    def step(w, m, v, grad, t, lr, beta_1, beta_2, epsilon):
        b1, b2 = (beta_2, beta_1) if slip.get("swap") else (beta_1, beta_2)
        g2 = grad if slip.get("not_squared") else grad ** 2
        keep = 0 if slip.get("no_one_minus") else 1
        new_m, new_v = b1 * m + (1 - keep * b1) * grad, b2 * v + (1 - keep * b2) * g2
        m, v = (m, v) if slip.get("old") else (new_m, new_v)
        k1, k2 = (b2, b1) if slip.get("swap_correction") else (b1, b2)
        n = t + slip.get("t_shift", 0)
        c1 = 1 - np.float64(k1) ** n if slip.get("correct_m", True) else 1
        c2 = 1 - np.float64(k2) ** n if slip.get("correct_v", True) else 1
        if paper:
            m_hat, v_hat = m / c1, v / c2
            root = np.sqrt(v_hat + epsilon) if slip.get("eps_inside") else np.sqrt(v_hat) + epsilon
            return w - lr * m_hat / root, new_m, new_v
        alpha_t = lr * np.sqrt(c2) / c1
        return w - alpha_t * m / (np.sqrt(v + epsilon) if slip.get("eps_inside") else np.sqrt(v) + epsilon), new_m, new_v
    return step


def test_the_variants_without_a_slip_are_adam():
    assert checks.adam_step(variant(paper=False)) and checks.adam_step(variant(paper=True))


def a_t_minus_1_python_floats(w, m, v, grad, t, lr, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad ** 2
    alpha_t = lr * math.sqrt(1 - beta_2 ** (t - 1)) / (1 - beta_1 ** (t - 1))
    return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v


SLIPS = [
    (dict(correct_m=False, correct_v=False), "No bias correction"),
    (dict(correct_v=False), "Only m got its bias correction"),
    (dict(correct_m=False), "Only v got its bias correction"),
    (dict(t_shift=-1), "uses t - 1"),
    (dict(t_shift=1), "uses t + 1"),
    (dict(eps_inside=True), "inside the square root"),
    (dict(swap=True), "beta_1 and beta_2 are swapped: beta_1 (0.9) belongs to m"),
    (dict(swap=True, swap_correction=True), "beta_1 and beta_2 are swapped: beta_1 (0.9) belongs to m"),
    (dict(swap_correction=True), "swapped in the bias correction"),
    (dict(not_squared=True), "squared* gradients"),
    (dict(no_one_minus=True), "(1 - beta) factors"),
    (dict(old=True), "*old* m and v"),
]


@pytest.mark.parametrize("paper", [False, True], ids=["keras", "paper"])
@pytest.mark.parametrize("slip, words", SLIPS)
def test_adam_names_each_slip_in_both_forms(paper, slip, words):
    result = checks.adam_step(variant(paper, **slip))
    assert not result and result.status == "fail"
    assert words in result.message, result.message


@pytest.mark.parametrize("fn, words", [
    (a_t_minus_1_python_floats, "t counts from 1"),
    (lambda w, m, v, g, t, lr, b1, b2, eps: (w, m, v), "new_m is [0, 0], but the right new_m is [0.3, -0.05]"),
    (lambda w, m, v, g, t, lr, b1, b2, eps: (w, m), "should return 3 things"),
])
def test_adam_names_the_mistake(fn, words):
    result = checks.adam_step(fn)
    assert not result and result.status == "fail"
    assert words in result.message, result.message


def test_adam_reports_the_state_first_with_digits_that_differ():
    def tiny_slips(w, m, v, g, t, lr, b1, b2, eps):  # m and w a hair off: m is reported, digits show it
        w, m, v = variant(paper=False)(w, m, v, g, t, lr, b1, b2, eps)
        return w * (1 + 1e-7), m * (1 + 1e-8), v
    message = checks.adam_step(tiny_slips).message
    assert "new_m is [0.300000003, -0.0500000005], but the right new_m is [0.3, -0.05]" in message, message

    def w_a_hair_off(w, m, v, g, t, lr, b1, b2, eps):
        w, m, v = variant(paper=False)(w, m, v, g, t, lr, b1, b2, eps)
        return w + 1e-7, m, v
    message = checks.adam_step(w_a_hair_off).message
    assert "new_w is [0.9000002, -1.900001], but the right new_w is [0.9000001, -1.900001]" in message, message


def test_adam_todo():
    def stub(*args):
        raise NotImplementedError()
    assert checks.adam_step(stub).status == "todo"


# --- lesson 08: the two predictions --------------------------------------------------------------------

@pytest.mark.parametrize("value, words", [(0.9, "0.9 is beta"), (9, "beta / (1 - beta)"), (1, "too small"),
                                          (100, "too large"), ("ten", "single number")])
def test_momentum_speedup_names_the_slip(value, words):
    result = checks.predict_momentum_speedup(value)
    assert not result and words in result.message, result.message


def test_momentum_speedup_right_and_todo():
    assert checks.predict_momentum_speedup(10) and checks.predict_momentum_speedup(10.0)
    assert checks.predict_momentum_speedup(None).status == "todo"


@pytest.mark.parametrize("value", [1, 2, 4, 5, 6])
def test_race_winner_wrong_entrants_get_a_nudge_not_the_answer(value):
    result = checks.predict_race_winner(value)
    assert not result and "swings least" in result.message and "Nesterov" not in result.message


@pytest.mark.parametrize("value", [0, 7, 2.5, 3.0000001, -3, float("nan")])
def test_race_winner_only_accepts_an_entrant(value):
    result = checks.predict_race_winner(value)
    assert not result and "1 to 6" in result.message, result.message


def test_race_winner_is_nesterov_as_the_lesson_prints():
    from gdcourse.course import surfaces
    from gdcourse.framework.optimizers import SGD, Adagrad, Adam, RMSprop
    ravine = surfaces.ravine(condition=50, angle=30)
    race = surfaces.race(ravine, {"gd": SGD(0.0316), "momentum": SGD(0.01, momentum=0.9),
                                  "nesterov": SGD(0.0178, momentum=0.9, nesterov=True), "adagrad": Adagrad(1.78),
                                  "rmsprop": RMSprop(0.1), "adam": Adam(0.562)}, steps=100)
    final = [ravine.value(path[-1]) for path in race.values()]
    assert int(np.argmin(final)) + 1 == 3 and checks.predict_race_winner(3)


# --- the general check, part by part ---------------------------------------------------------------------

def test_check_function_part_by_part_on_a_tiny_example():
    cases = [(1.0, 2.0), (3.0, -1.0)]

    def reference(a, b):
        return a + b, a * b

    def check(fn, **kwargs):
        return check_function("pair", fn, cases, reference, parts=("total", "product"), **kwargs)

    assert check(lambda a, b: (a + b, a * b))
    # a slip compared only on the parts it names: the total may be anything
    result = check(lambda a, b: (a - b, a + b), mistakes=[("the product is a sum", lambda a, b: (0, a + b), [1])])
    assert not result and result.message == "the product is a sum"
    result = check(lambda a, b: (a + b, 0.0))
    assert "product is 0, but the right product is 2. 2 of 2 cases are off." in result.message
    accepted = check(lambda a, b: (a + b, b * a + 1), accept=[("another convention", lambda a, b: (a + b, a * b + 1))])
    assert accepted and "another convention" in accepted.message
    assert "should return 2 things, `return total, product`; it returned a float." in check(lambda a, b: 1.0).message


def test_compact():
    assert compact(np.array([[1.5], [-2.0]])) == "[1.5, -2] (shape (2, 1))"
    assert compact(np.array([1.0, 2.0])) == "[1, 2]"
    assert compact(3.25) == "3.25"
