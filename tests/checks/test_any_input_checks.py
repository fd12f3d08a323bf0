"""Every check, given any answer or a misbehaving learner function: feedback, never a crash, never a wrong pass."""
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from any_input import *  # noqa: F401,F403  (the harness: bad values, judge, Spec, fuzz_test)
from any_input import _returns, _raises  # noqa: F401
# =============================================================================
# Checks: every public check in gdcourse.checks, found by name


def public_checks():
    """Every public callable of ``gdcourse.checks`` that is not core machinery."""
    import gdcourse.checks as package
    found = {}
    for name in dir(package):
        obj = getattr(package, name)
        if name.startswith("_") or not inspect.isfunction(obj):
            continue
        if obj.__module__ == core.__name__:   # check_function, check_value, ...
            continue
        found[name] = obj
    return found


def kind_of(check):
    """'function' (takes the learner's function), 'value' (a number) or 'forecasts'.

    Fails loudly for a signature nobody taught this file, so a new kind of
    check cannot slip through untested.
    """
    required = [p.name for p in inspect.signature(check).parameters.values()
                if p.default is inspect.Parameter.empty]
    kinds = {("learner_fn",): "function", ("value",): "value", ("forecasts", "series"): "forecasts"}
    if tuple(required) not in kinds:
        pytest.fail(f"checks.{check.__name__}{inspect.signature(check)} has a signature "
                    "tests/test_any_input.py does not know: add it to kind_of() and REFERENCE")
    return kinds[tuple(required)]


# --- reference solutions (written here, independently of the checks) --------------------

def _mb_reference(x, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(x))
    for start in range(0, len(x), batch_size):
        rows = order[start:start + batch_size]
        yield x[rows], y[rows]


def _sgd_step(w, b, xb, yb, learning_rate):
    miss = w * xb + b - yb
    return w - learning_rate * np.mean(2 * miss * xb), b - learning_rate * np.mean(2 * miss)


def _mse_gradient(X, y, w, b):
    r = X @ w + b - y
    return 2 / len(X) * X.T @ r, 2 / len(X) * np.sum(r)


def _momentum_step(w, velocity, grad, lr, beta):
    velocity = beta * velocity - lr * grad
    return w + velocity, velocity


def _adam_step(w, m, v, grad, t, lr, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad ** 2
    alpha = lr * math.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    return w - alpha * m / (np.sqrt(v) + epsilon), m, v


def _up_down_step(weight, data, true_value, step):
    up, down = weight + step, weight - step
    return up if (data * up - true_value) ** 2 < (data * down - true_value) ** 2 else down


def _update(w, dw, lr):
    w.assign_sub(lr * dw)


def _stable_rate():
    from gdcourse.course import datasets
    x = datasets.article000()[0]
    xt = np.hstack([x, np.ones((len(x), 1))])
    return 2 / np.linalg.eigvalsh(2 / len(x) * xt.T @ xt).max()


def _good_forecasts(series, days):
    """Day t - 7 times the growth of the last week over the week before: only days before t, and it
    beats "same as yesterday" (ratio 0.75 on the lesson's series)."""
    return np.array([series[t - 7] * series[t - 7:t].sum() / series[t - 14:t - 7].sum()
                     for t in range(len(series) - days, len(series))])


REFERENCE = {  # check name -> a right answer (a function, or a value / a factory of one)
    "squared_error": lambda p, t: (p - t) ** 2,
    "mean_squared_error": lambda p, t: np.mean((p - t) ** 2),
    "best_weight": 4 / 3,
    "predict_quadruple": 4,
    "predict_lower_mse": 2,
    "up_down_step": _up_down_step,
    "smallest_error": 0.0025,
    "predict_updates": 17,
    "predict_floor": 0.25,
    "mse_gradient": _mse_gradient,
    "update": _update,
    "stable_learning_rate": _stable_rate,
    "predict_first_cost": 5649,
    "predict_lowest_loss": 0.99,
    "minibatches": _mb_reference,
    "sgd_step": _sgd_step,
    "epoch_steps": 32,
    "predict_steps_per_epoch": 7,
    "predict_lowest_loss_batch": 100,
    "unscale": lambda w, b, m, s: (w / s, b - w * m / s),
    "predict_range_length": 99,
    "predict_broadcast_size": 891,
    "momentum_step": _momentum_step,
    "adam_step": _adam_step,
    "predict_momentum_speedup": 10,
    "predict_race_winner": 3,
    "same_as_yesterday": lambda series, days: series[-days - 1:-1],
    "beats_baseline": _good_forecasts,
    "error_derivative": lambda w, d, t: 2 * d * (d * w - t),
    "distance_factor": -7,
    "predict_first_step": 8,
    "predict_true_factor": -17,
    "gd_step": lambda w, d, t, alpha: w - alpha * 2 * d * (d * w - t),
    "largest_alpha": 1 / 9,
    "predict_factor": -0.62,
    "predict_fastest_alpha": 1 / 18,
    "predict_first_try": 2,
    "predict_winners": 1,
}

CHECKS = public_checks()


def reference_for(name):
    if name not in REFERENCE:
        pytest.fail(f"checks.{name} has no reference solution in tests/test_any_input.py: "
                    "add one to REFERENCE")
    answer = REFERENCE[name]
    if kind_of(CHECKS[name]) == "value" and callable(answer):
        return answer()
    return answer


def _series():
    from gdcourse.course import datasets
    return datasets.infected_counts()


def run_check(name, answer):
    check = CHECKS[name]
    if kind_of(check) == "forecasts":
        return check(answer, _series())
    return check(answer)


def assert_feedback(result, name, what):
    assert isinstance(result, core.CheckResult), f"checks.{name}({what}) returned {result!r}"
    assert not result, f"checks.{name}({what}) passed: {result.message}"
    assert isinstance(result.message, str) and result.message.strip()
    assert repr(result) and result._repr_html_()


@contextlib.contextmanager
def short_timeouts(seconds=0.1):
    """Checks give up on a learner's function after ``seconds`` (the lessons use 2 s, the capstone 30 s)."""
    import gdcourse.checks.lesson09 as lesson09
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(core, "TIMEOUT_SECONDS", seconds)
        patch.setattr(lesson09, "FORECAST_TIMEOUT", seconds)
        yield


# --- misbehaving learner functions -------------------------------------------------------

def _mutate(*args):
    for a in args:
        if isinstance(a, np.ndarray) and a.flags.writeable:
            a[...] = 7.0
        elif isinstance(a, T.Variable):
            a.assign(np.full(a.shape, 7.0))
    return None


def _mutate_and_answer(*args):
    _mutate(*args)
    return np.zeros(3)


def _prints(*args):
    print("debugging", *args)
    return [1.0, 2.0, 3.0, 4.0, 5.0]


def _recurse(*args):
    return _recurse(*args)


def _generator(*args):
    yield "not a batch"
    yield (1.0,)


def _huge_int_generator(*args):
    yield np.array([1.0]), HUGE_INT


MISBEHAVING = {  # name -> factory(stop) giving the learner's function
    **{f"raises {exc.__name__}": (lambda exc: lambda stop: _returns_raising(exc))(exc)
       for exc in (ValueError, TypeError, ZeroDivisionError, IndexError, KeyError, AttributeError,
                   RuntimeError, NotImplementedError, SystemExit, KeyboardInterrupt, MemoryError)},
    "recursion": lambda stop: _recurse,
    "wrong number of arguments": lambda stop: (lambda: 1.0),
    "returns None": lambda stop: _returns(None),
    "returns text": lambda stop: _returns("4/3"),
    "returns a list of text": lambda stop: _returns(["1", "x"]),
    "returns a ragged list": lambda stop: _returns([[1.0], [1.0, 2.0]]),
    "returns a dict": lambda stop: _returns({"w": 1.0}),
    "returns an object": lambda stop: _returns(Opaque()),
    "returns a class": lambda stop: _returns(lambda: Opaque),
    "returns a function": lambda stop: _returns(lambda: _returns),
    "returns a generator": lambda stop: _generator,
    "yields a huge int": lambda stop: _huge_int_generator,
    "returns a wrong shape": lambda stop: _returns(lambda: np.zeros((7, 3))),
    "returns an empty array": lambda stop: _returns(lambda: np.array([])),
    "returns NaN": lambda stop: _returns(math.nan),
    "returns inf": lambda stop: _returns(math.inf),
    "returns -inf": lambda stop: _returns(-math.inf),
    "returns a huge number": lambda stop: _returns(1e300),
    "returns a huge int": lambda stop: _returns(HUGE_INT),
    "returns huge numbers": lambda stop: _returns(lambda: np.full(14, 1e200)),
    "returns NaN arrays": lambda stop: _returns(lambda: (np.full(2, math.nan), np.full(2, math.nan),
                                                        np.full(2, math.nan))),
    "returns a pair of text": lambda stop: _returns(("a", "b")),
    "returns a complex number": lambda stop: _returns(1 + 2j),
    "returns a bool": lambda stop: _returns(True),
    "returns a Tensor": lambda stop: _returns(lambda: T.constant([0.123, 4.5])),
    "prints": lambda stop: _prints,
    "mutates its arguments": lambda stop: _mutate,
    "mutates and answers": lambda stop: _mutate_and_answer,
    "sleeps past the timeout": lambda stop: (lambda *args: stop.wait(60)),
    "loops forever": lambda stop: _busy(stop),
}


def _returns_raising(exc):
    def learner(*args):
        raise exc("the learner's bug")
    return learner


def _busy(stop):
    def learner(*args):
        total = 0
        while not stop.is_set():  # an endless loop (until the test ends it)
            total += 1
        return total
    return learner


def make_learner(choice, stop):
    if isinstance(choice, tuple):
        return _returns(choice[1])
    return MISBEHAVING[choice](stop)


# --- the check tests ------------------------------------------------------------------------

FUNCTION_CHECKS = sorted(n for n, c in CHECKS.items() if kind_of(c) in ("function", "forecasts"))
VALUE_CHECKS = sorted(n for n, c in CHECKS.items() if kind_of(c) == "value")

# Known bugs in checks this file does not own (none open for misbehaving functions right now):
# check name -> (the MISBEHAVING entries that show it, the bug), and for value checks
# check name -> (the value that shows it, the bug).
KNOWN_CHECK_BUGS = {}
KNOWN_VALUE_BUGS = {}


def xfail_if_still_failing(check, *args):
    """Run ``check(*args)``; if it fails (the known bug is still there), end the test as an xfail.

    pytest.xfail is called outside the except block, so no traceback is formatted.
    """
    try:
        check(*args)
    except Exception:  # noqa: BLE001
        failed = True
    else:
        failed = False
    if failed:
        pytest.xfail("the known bug is still there")


def _xfail_known(names, known):
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=known[n][1]))
            if n in known else n for n in names]


def try_learner(name, choice, timeout=0.02):
    """``checks.<name>`` on one misbehaving learner; asserts it gives falsy feedback."""
    stop = threading.Event()
    started = time.perf_counter()
    try:
        with short_timeouts(timeout), cases_restored():
            result = run_check(name, make_learner(choice, stop))
    finally:
        stop.set()  # end a learner that is still looping
    assert_feedback(result, name, choice)
    assert time.perf_counter() - started < 5, f"checks.{name} took too long for {choice}"


def test_every_check_is_known():
    assert CHECKS, "no checks found in gdcourse.checks"
    for name, check in CHECKS.items():
        kind_of(check)
        reference_for(name)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_check_passes_its_reference(name):
    result = run_check(name, reference_for(name))
    assert isinstance(result, core.CheckResult)
    assert result, f"checks.{name} rejects the reference solution: {result.message}"


@pytest.mark.parametrize("name", _xfail_known(FUNCTION_CHECKS, KNOWN_CHECK_BUGS))
def test_check_survives_every_misbehaving_learner(name):
    """Each misbehaviour in turn: falsy feedback, never an exception or a hang."""
    for choice in KNOWN_CHECK_BUGS.get(name, ((),))[0]:
        xfail_if_still_failing(try_learner, name, choice)
    for choice in MISBEHAVING:
        try_learner(name, choice)


QUICK_LEARNERS = st.one_of(
    st.sampled_from(sorted(c for c in MISBEHAVING if c not in ("sleeps past the timeout",
                                                               "loops forever"))),
    st.floats().map(lambda v: ("constant", v)),
    hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=2, max_side=3)).map(
        lambda a: ("constant", a)),
    st.tuples(st.floats(), st.floats()).map(lambda pair: ("constant", pair)),
)


@pytest.mark.parametrize("name", [n for n in FUNCTION_CHECKS if n not in KNOWN_CHECK_BUGS])
@settings(max_examples=8, **SETTINGS)
@given(choice=QUICK_LEARNERS)
def test_check_survives_any_learner_function(name, choice):
    """Misbehaviours and constant answers (NaN, inf, huge, any shape) drawn by hypothesis."""
    try_learner(name, choice)


def right_then_mutates(reference):
    """A learner that gets the answer right, then scribbles over its arguments."""
    def learner(*args):
        answer = reference(*args)
        if isinstance(answer, types.GeneratorType):
            answer = list(answer)
        _mutate(*args)
        return answer
    return learner


def right_then_raises(reference, good_calls):
    """A learner that keeps state: right on its first ``good_calls`` calls, then it breaks."""
    calls = []

    def learner(*args):
        calls.append(1)
        if len(calls) > good_calls:
            raise RuntimeError("the learner's global counter ran out")
        return reference(*args)
    return learner


@contextlib.contextmanager
def cases_restored():
    """Yield ``(live, saved)``: the check modules' case arrays and copies; put the copies back after.

    A check that lets a learner edit its cases would otherwise break every later test that uses
    that check in this pytest process.
    """
    live = case_arrays()
    saved = {key: a.copy() for key, a in live.items()}
    try:
        yield live, saved
    finally:
        for key, a in live.items():
            if a.flags.writeable:
                a[...] = saved[key]


def case_arrays():
    """Every array the check modules hold (their cases), by where it is."""
    import gdcourse.checks as package
    found = {}
    for module_name, module in vars(package).items():
        if isinstance(module, types.ModuleType) and module.__name__.startswith("gdcourse.checks"):
            for name, value in vars(module).items():
                if isinstance(value, (list, tuple)):
                    for i, item in enumerate(value):
                        for j, part in enumerate(item if isinstance(item, tuple) else (item,)):
                            if isinstance(part, np.ndarray):
                                found[f"{module_name}.{name}[{i}][{j}]"] = part
    return found


KNOWN_MUTATION_BUGS = {}  # check name -> the bug (none open)


@pytest.mark.parametrize("name", _xfail_known(FUNCTION_CHECKS, {
    n: (None, r) for n, r in KNOWN_MUTATION_BUGS.items()}))
def test_check_is_not_changed_by_a_learner_that_mutates_its_arguments(name):
    for choice in ("mutates its arguments", "mutates and answers"):
        with cases_restored():
            assert not run_check(name, make_learner(choice, None))
    reference = reference_for(name)
    if name in KNOWN_MUTATION_BUGS:
        xfail_if_still_failing(check_mutation_safety, name, reference)
    check_mutation_safety(name, reference)


def check_mutation_safety(name, reference):
    with cases_restored() as (live, saved):
        result = run_check(name, right_then_mutates(reference))
        assert isinstance(result, core.CheckResult)
        changed = [key for key in live if not np.array_equal(live[key], saved[key])]
    assert not changed, f"checks.{name} let the learner's function change its cases {changed}"
    for good_calls in range(16):
        assert isinstance(run_check(name, right_then_raises(reference, good_calls)), core.CheckResult)
    result = run_check(name, reference)
    assert result, f"after a mutating learner, checks.{name} rejects the reference: {result.message}"


def test_a_check_gives_up_after_the_time_limit_and_says_so():
    stop = threading.Event()
    try:
        with short_timeouts(0.05):
            started = time.perf_counter()
            result = CHECKS["squared_error"](_busy(stop))
            elapsed = time.perf_counter() - started
    finally:
        stop.set()
    assert not result and "did not finish within 0.05 s" in result.message
    assert elapsed < 2.0
    slow = core.check_function("f", lambda: time.sleep(0.2), [()], lambda: 1.0, timeout=0.01)
    assert slow.message.startswith("f() did not finish within 0.01 s")


VALUES = st.one_of(st.sampled_from(SPECIAL_VALUES).map(lambda make: make()), st.floats(),
                   st.integers(-10 ** 6, 10 ** 6))


def judge_value(name, value):
    result = CHECKS[name](value)
    assert isinstance(result, core.CheckResult) and result.message.strip()
    right = reference_for(name)
    answer = core.as_answer(value)
    number = answer is not None and answer.ndim == 0 and bool(np.isfinite(answer))
    if result:  # each check has its own tolerance; none is looser than 1e-3
        assert number and math.isclose(float(answer), right, rel_tol=1e-3), \
            f"checks.{name}({value!r}) passed: {result.message}"
    else:
        assert not (number and math.isclose(float(answer), right, rel_tol=1e-12)), \
            f"checks.{name}({value!r}) rejects the right answer: {result.message}"


@pytest.mark.parametrize("name", _xfail_known(VALUE_CHECKS, KNOWN_VALUE_BUGS))
def test_value_check_survives_any_value(name):
    if name in KNOWN_VALUE_BUGS:
        xfail_if_still_failing(judge_value, name, KNOWN_VALUE_BUGS[name][0])
    for make in SPECIAL_VALUES:
        judge_value(name, make())
    judge_value(name, reference_for(name))

    @settings(max_examples=12, **SETTINGS)
    @given(value=VALUES)
    def search(value):
        judge_value(name, value)

    search()


FORECAST_VALUES = st.one_of(VALUES, st.lists(st.floats(), min_size=14, max_size=14))


@settings(max_examples=12, **SETTINGS)
@given(forecasts=FORECAST_VALUES.filter(tame))
def test_beats_baseline_survives_any_forecasts(forecasts):
    result = CHECKS["beats_baseline"](forecasts, _series())
    assert isinstance(result, core.CheckResult) and result.message.strip()


@settings(max_examples=12, **SETTINGS)
@given(series=BAD, days=BAD_COUNT)
def test_beats_baseline_survives_any_series(series, days):
    result = CHECKS["beats_baseline"](_good_forecasts(_series(), 14), series, days)
    assert isinstance(result, core.CheckResult) and result.message.strip()


@settings(max_examples=20, **SETTINGS)
@given(value=VALUES, expected=st.floats(-1e6, 1e6), rtol=st.sampled_from([1e-6, 1e-9]))
def test_check_value_core(value, expected, rtol):
    result = core.check_value("answer", value, expected, rtol=rtol)
    assert isinstance(result, core.CheckResult) and result.message.strip()
    assert not result or math.isclose(float(core.as_answer(value)), expected, rel_tol=rtol, abs_tol=1e-300)


def test_check_value_names_what_is_wrong():
    assert "not a finite number" in core.check_value("w", math.nan, 1.0).message
    assert "not a finite number" in core.check_value("w", HUGE_INT, 1.0).message
    assert core.check_value("w", None, 1.0).status == "todo"
    assert "too large" in core.check_value("w", 2.0, 1.0).message

