"""Optimizers: the first steps of every rule, worked out by hand."""
import math

import numpy as np
import pytest

import gdcourse as gd
from gdcourse.framework import optimizers
from gdcourse.framework.optimizers import SGD, Adagrad, Adam, RMSprop
from gdcourse.framework.optimizers.schedules import ExponentialDecay

approx = lambda value: pytest.approx(value, rel=1e-12, abs=1e-15)  # noqa: E731


def steps(opt, grads, w0=1.0):
    """Apply the scalar gradients one by one to w = w0; return w after each step."""
    w = gd.Variable(w0, name="w")
    values = []
    for g in grads:
        opt.apply_gradients([(np.array(g), w)])
        values.append(float(w.numpy()))
    return values


# ---- scalar examples with the numbers written out ----------------------------

def test_sgd_plain():
    assert steps(SGD(learning_rate=0.1), [0.5, 0.5, -1.0]) == approx([0.95, 0.9, 1.0])


def test_sgd_momentum():
    # m = 0.9 m - 0.1 g ; w = w + m
    # m1 = -0.05, w1 = 0.95; m2 = -0.045 - 0.05 = -0.095, w2 = 0.855;
    # m3 = -0.0855 - 0.05 = -0.1355, w3 = 0.7195
    assert steps(SGD(0.1, momentum=0.9), [0.5, 0.5, 0.5]) == approx([0.95, 0.855, 0.7195])


def test_sgd_nesterov():
    # w = w + 0.9 m - 0.1 g with the new m
    # w1 = 1 - 0.045 - 0.05 = 0.905; w2 = 0.905 - 0.0855 - 0.05 = 0.7695
    assert steps(SGD(0.1, momentum=0.9, nesterov=True), [0.5, 0.5]) == approx([0.905, 0.7695])


def test_adagrad():
    # acc starts at 0.1: acc1 = 0.35, acc2 = 0.35 + 0.04 = 0.39
    w1 = 1 - 0.1 * 0.5 / math.sqrt(0.35 + 1e-7)
    w2 = w1 - 0.1 * -0.2 / math.sqrt(0.39 + 1e-7)
    assert steps(Adagrad(learning_rate=0.1), [0.5, -0.2]) == approx([w1, w2])


def test_rmsprop():
    # v1 = 0.1 * 0.25 = 0.025; v2 = 0.9 * 0.025 + 0.1 * 1.0 = 0.1225
    w1 = 1 - 0.01 * 0.5 / math.sqrt(0.025 + 1e-7)
    w2 = w1 - 0.01 * 1.0 / math.sqrt(0.1225 + 1e-7)
    assert steps(RMSprop(learning_rate=0.01), [0.5, 1.0]) == approx([w1, w2])


def test_adam():
    b1, b2, eps, lr = 0.9, 0.999, 1e-7, 0.01
    g = [0.5, -1.0, 2.0]
    m = v = 0.0
    w, expected = 1.0, []
    for t, gt in enumerate(g, start=1):
        m = b1 * m + (1 - b1) * gt
        v = b2 * v + (1 - b2) * gt**2
        alpha = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
        w = w - alpha * m / (math.sqrt(v) + eps)
        expected.append(w)
    # The first Adam step is about lr in size whatever the gradient.
    assert expected[0] == pytest.approx(1 - 0.01, rel=1e-5)
    assert steps(Adam(learning_rate=lr), g) == approx(expected)


def test_keras_rmsprop_docstring_example():
    # keras.optimizers.RMSprop docs: var1 = 10, loss = var1**2 / 2, lr 0.1 -> 9.683772
    var = gd.Variable(10.0)
    with gd.GradientTape() as tape:
        loss = var**2 / 2.0
    RMSprop(learning_rate=0.1).apply_gradients(zip(tape.gradient(loss, [var]), [var]))
    assert float(var.numpy()) == pytest.approx(9.683772, abs=1e-6)


# ---- many variables, several steps, against a plain numpy version ----------

W0 = np.array([[1.0, -2.0], [0.5, 3.0]])
B0 = np.array([0.1, -0.2])
GRADS = [  # (grad for W, grad for b), three steps
    (np.array([[0.3, -4.0], [2.0, 0.1]]), np.array([1.5, -0.5])),
    (np.array([[-1.0, 0.5], [0.25, 2.0]]), np.array([-3.0, 0.2])),
    (np.array([[0.7, 0.7], [-0.3, -5.0]]), np.array([0.0, 4.0])),
]


def reference(rule, grads, clip=None):
    """Textbook numpy version of each rule, written independently of gdcourse."""
    w, b = W0.copy(), B0.copy()
    state = {}
    for t, gs in enumerate(grads, start=1):
        gs = [g.copy() for g in gs]
        if clip is not None:
            kind, c = clip
            if kind == "clipnorm":
                gs = [g * c / max(np.sqrt(np.sum(g**2)), c) for g in gs]
            elif kind == "global_clipnorm":
                total = np.sqrt(sum(np.sum(g**2) for g in gs))
                gs = [g * c / max(total, c) for g in gs]
            else:
                gs = [np.clip(g, -c, c) for g in gs]
        new = []
        for i, (p, g) in enumerate(zip((w, b), gs)):
            s = state.setdefault(i, {})
            if rule == "sgd":
                p = p - 0.1 * g
            elif rule == "momentum":
                s["m"] = 0.8 * s.get("m", 0.0) - 0.1 * g
                p = p + s["m"]
            elif rule == "adagrad":
                s["acc"] = s.get("acc", 0.1) + g**2
                p = p - 0.1 * g / np.sqrt(s["acc"] + 1e-7)
            elif rule == "rmsprop":
                s["v"] = 0.9 * s.get("v", 0.0) + 0.1 * g**2
                p = p - 0.1 * g / np.sqrt(s["v"] + 1e-7)
            elif rule == "adam":
                s["m"] = 0.9 * s.get("m", 0.0) + 0.1 * g
                s["v"] = 0.999 * s.get("v", 0.0) + 0.001 * g**2
                alpha = 0.1 * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
                p = p - alpha * s["m"] / (np.sqrt(s["v"]) + 1e-7)
            new.append(p)
        w, b = new
        yield w, b


MAKERS = {
    "sgd": lambda **kw: SGD(0.1, **kw),
    "momentum": lambda **kw: SGD(0.1, momentum=0.8, **kw),
    "adagrad": lambda **kw: Adagrad(0.1, **kw),
    "rmsprop": lambda **kw: RMSprop(0.1, **kw),
    "adam": lambda **kw: Adam(0.1, **kw),
}
CLIPS = [None, ("clipnorm", 1.0), ("global_clipnorm", 2.0), ("clipvalue", 0.5)]


@pytest.mark.parametrize("clip", CLIPS, ids=lambda c: c[0] if c else "no-clip")
@pytest.mark.parametrize("rule", sorted(MAKERS))
def test_three_steps_match_the_equations(rule, clip):
    opt = MAKERS[rule](**({} if clip is None else {clip[0]: clip[1]}))
    w, b = gd.Variable(W0, name="w"), gd.Variable(B0, name="b")
    for (gw, gb), (want_w, want_b) in zip(GRADS, reference(rule, GRADS, clip)):
        opt.apply_gradients(zip([gw, gb], [w, b]))
        np.testing.assert_allclose(w.numpy(), want_w, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(b.numpy(), want_b, rtol=1e-12, atol=1e-15)
    assert opt.iterations == 3


# ---- clipping, by hand --------------------------------------------------------

def test_clipnorm_rescales_each_gradient_on_its_own():
    w, b = gd.Variable([0.0, 0.0]), gd.Variable([0.0])
    SGD(1.0, clipnorm=1.0).apply_gradients([(np.array([3.0, 4.0]), w), (np.array([0.5]), b)])
    assert w.numpy().tolist() == approx([-0.6, -0.8])  # norm 5 -> 1
    assert b.numpy().tolist() == approx([-0.5])        # norm 0.5 < 1: unchanged


def test_global_clipnorm_uses_the_norm_of_all_gradients():
    w, b = gd.Variable([0.0, 0.0]), gd.Variable([0.0])
    # global norm sqrt(9 + 16 + 144) = 13; clip to 6.5 -> everything halves
    SGD(1.0, global_clipnorm=6.5).apply_gradients([(np.array([3.0, 4.0]), w),
                                                   (np.array([12.0]), b)])
    assert w.numpy().tolist() == approx([-1.5, -2.0])
    assert b.numpy().tolist() == approx([-6.0])


def test_clipvalue_clips_each_entry():
    w = gd.Variable([0.0, 0.0, 0.0])
    SGD(1.0, clipvalue=1.0).apply_gradients([(np.array([3.0, -4.0, 0.2]), w)])
    assert w.numpy().tolist() == approx([-1.0, 1.0, -0.2])


def test_clipnorm_wins_over_clipvalue_as_in_keras3():
    w = gd.Variable([0.0, 0.0])
    SGD(1.0, clipnorm=1.0, clipvalue=0.1).apply_gradients([(np.array([3.0, 4.0]), w)])
    assert w.numpy().tolist() == approx([-0.6, -0.8])


def test_clipnorm_and_global_clipnorm_together_is_an_error():
    with pytest.raises(ValueError, match="clipnorm"):
        SGD(clipnorm=1.0, global_clipnorm=1.0)


# ---- learning rate schedules ---------------------------------------------------

def test_schedule_is_called_with_iterations_from_zero():
    opt = SGD(learning_rate=ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5))
    assert opt.learning_rate == 0.1
    # lr = 0.1, 0.05, 0.025 for iterations 0, 1, 2
    assert steps(opt, [1.0, 1.0, 1.0]) == approx([0.9, 0.85, 0.825])
    assert opt.learning_rate == approx(0.0125)


def test_schedule_drives_adam_too():
    schedule = lambda step: 0.01 if step == 0 else 0.001  # noqa: E731 - any function of the step
    # t = 1: m = 0.1, v = 0.001; t = 2: m = 0.19, v = 0.001999
    alpha1 = 0.01 * math.sqrt(1 - 0.999) / (1 - 0.9)
    w1 = 1 - alpha1 * 0.1 / (math.sqrt(0.001) + 1e-7)
    alpha2 = 0.001 * math.sqrt(1 - 0.999**2) / (1 - 0.9**2)
    w2 = w1 - alpha2 * 0.19 / (math.sqrt(0.001999) + 1e-7)
    assert steps(Adam(schedule), [1.0, 1.0]) == approx([w1, w2])


def test_learning_rate_can_be_changed():
    opt = SGD(0.1)
    opt.learning_rate = 0.5
    assert steps(opt, [1.0]) == approx([0.5])
    with pytest.raises(ValueError, match="learning_rate"):
        opt.learning_rate = -1


# ---- apply_gradients --------------------------------------------------------------

def test_apply_gradients_skips_none_and_accepts_tensors():
    w, b = gd.Variable([1.0]), gd.Variable([2.0])
    opt = SGD(0.5)
    assert opt.apply_gradients([(gd.constant([1.0]), w), (None, b)]) == 1
    assert w.numpy().tolist() == [0.5]
    assert b.numpy().tolist() == [2.0]


def test_apply_gradients_with_only_none_is_an_error():
    with pytest.raises(ValueError, match="GradientTape"):
        SGD().apply_gradients([(None, gd.Variable(1.0))])


def test_apply_gradients_shape_mismatch():
    with pytest.raises(ValueError, match="shape"):
        SGD().apply_gradients([(np.ones(3), gd.Variable([1.0, 2.0], name="w"))])


def test_apply_gradients_needs_pairs():
    with pytest.raises(TypeError, match="pairs"):
        SGD().apply_gradients([np.ones(3)])


def test_apply_gradients_does_not_edit_old_arrays():
    w = gd.Variable([1.0, 2.0])
    before = np.asarray(w)
    SGD(0.1).apply_gradients([(np.array([1.0, 1.0]), w)])
    assert before.tolist() == [1.0, 2.0]


def test_slots_are_built_for_the_first_variables_as_in_keras():
    w = gd.Variable([1.0])
    opt = Adam(0.1)
    opt.apply_gradients([(np.array([2.0]), w)])
    assert opt.built and opt.momentums[opt.index(w)].tolist() == approx([0.2])
    with pytest.raises(ValueError, match="built for other variables"):
        opt.apply_gradients([(np.array([2.0]), gd.Variable([0.0]))])


# ---- by name, defaults, bad input ------------------------------------------------

@pytest.mark.parametrize("name, cls, lr", [("sgd", SGD, 0.01), ("SGD", SGD, 0.01),
                                          ("adam", Adam, 0.001), ("rmsprop", RMSprop, 0.001),
                                          ("adagrad", Adagrad, 0.001)])
def test_get_by_name_with_keras_defaults(name, cls, lr):
    opt = optimizers.get(name)
    assert type(opt) is cls and opt.learning_rate == lr


def test_keras_defaults():
    adam = Adam()
    assert (adam.beta_1, adam.beta_2, adam.epsilon) == (0.9, 0.999, 1e-7)
    rms = RMSprop()
    assert (rms.rho, rms.epsilon) == (0.9, 1e-7)
    ada = Adagrad()
    assert (ada.initial_accumulator_value, ada.epsilon) == (0.1, 1e-7)
    sgd = SGD()
    assert (sgd.momentum, sgd.nesterov) == (0.0, False)


def test_get_passes_instances():
    opt = SGD(0.3)
    assert optimizers.get(opt) is opt


def test_get_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="'adam'"):
        optimizers.get("adamw")
    with pytest.raises(TypeError):
        optimizers.get(3)


@pytest.mark.parametrize("kwargs, arg", [
    ({"learning_rate": 0}, "learning_rate"),
    ({"learning_rate": -0.1}, "learning_rate"),
    ({"learning_rate": float("nan")}, "learning_rate"),
    ({"learning_rate": float("inf")}, "learning_rate"),
    ({"momentum": -0.1}, "momentum"),
    ({"momentum": 1.0}, "momentum"),
    ({"clipnorm": 0}, "clipnorm"),
    ({"clipvalue": -1}, "clipvalue"),
])
def test_sgd_bad_input(kwargs, arg):
    with pytest.raises(ValueError, match=arg):
        SGD(**kwargs)


@pytest.mark.parametrize("make, arg", [
    (lambda: RMSprop(rho=1.0), "rho"),
    (lambda: RMSprop(rho=-0.5), "rho"),
    (lambda: Adam(beta_1=1.0), "beta_1"),
    (lambda: Adam(beta_2=1.2), "beta_2"),
    (lambda: Adam(epsilon=0), "epsilon"),
    (lambda: Adagrad(epsilon=-1e-7), "epsilon"),
    (lambda: Adagrad(initial_accumulator_value=-1), "initial_accumulator_value"),
])
def test_other_bad_input(make, arg):
    with pytest.raises(ValueError, match=arg):
        make()


def test_learning_rate_must_be_a_number():
    with pytest.raises(TypeError, match="learning_rate"):
        SGD(learning_rate="0.1")


def test_schedule_returning_nonsense_is_caught():
    opt = SGD(learning_rate=lambda step: -1.0)
    with pytest.raises(ValueError, match="learning_rate"):
        opt.apply_gradients([(np.ones(1), gd.Variable([0.0]))])


def test_plain_numpy_arrays_can_be_variables():
    w = np.array([1.0, 2.0])
    SGD(0.5).apply_gradients([(np.array([1.0, 2.0]), w)])
    assert w.tolist() == [0.5, 1.0]


def test_docstrings_show_the_equations():
    for cls in (SGD, Adagrad, RMSprop, Adam):
        assert "<-" in cls.__doc__
