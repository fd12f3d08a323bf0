"""gdcourse.checks.core: the guard around a learner's function and the feedback it gives."""
import sys
import threading
import time

import numpy as np
import pytest

from gdcourse.checks.core import (CheckResult, call_guarded, check_function, check_value, describe_call,
                                  matches)

CASES = [(1.5, 4.0), (5.0, 2.0), (np.array([1.0, 2.0]), np.array([2.0, 2.0]))]


def reference(p, t):
    return (np.asarray(p) - np.asarray(t)) ** 2


def check(fn, **kwargs):
    return check_function("squared_error", fn, CASES, reference, **kwargs)


# --- CheckResult --------------------------------------------------------------------

def test_check_result_is_truthy_only_when_it_passes():
    assert CheckResult("f", "pass", "ok")
    assert not CheckResult("f", "fail", "no")
    assert not CheckResult("f", "todo", "later")


def test_check_result_text_and_html():
    result = CheckResult("f<x>", "fail", "a < b")
    assert repr(result) == "Not yet (f<x>): a < b"
    html = result._repr_html_()
    assert "Not yet" in html and "f&lt;x&gt;" in html and "a &lt; b" in html and "#D55E00" in html
    assert "Correct" in CheckResult("f", "pass", "ok")._repr_html_()
    assert "Not done yet" in CheckResult("f", "todo", "x")._repr_html_()


def test_check_result_html_renders_code_and_emphasis_but_the_text_stays_as_written():
    message = "use `a < b*2` and **never** the *old* v; lr * grad and t**2 stay"
    result = CheckResult("f", "fail", message)
    assert repr(result) == "Not yet (f): " + message
    assert result._repr_html_().endswith(": use <code>a &lt; b*2</code> and <b>never</b> the <em>old</em> v; "
                                         "lr * grad and t**2 stay</div>")


def test_check_result_rejects_an_unknown_status():
    with pytest.raises(ValueError, match="status"):
        CheckResult("f", "maybe", "?")


# --- check_function: the three outcomes ------------------------------------------------

def test_pass():
    result = check(lambda p, t: (p - t) ** 2)
    assert result and result.status == "pass"
    assert result.message == "all 3 cases are right."


def test_todo_when_the_stub_raises_not_implemented():
    def stub(p, t):
        raise NotImplementedError()
    result = check(stub)
    assert not result and result.status == "todo"
    assert "NotImplementedError" in result.message


def test_generic_failure_names_the_case_and_the_right_answer():
    result = check(lambda p, t: (p - t) ** 2 + (p > 4))
    assert result.status == "fail"
    assert result.message == ("squared_error(5.0, 2.0) returned 10.0, but the right answer is 9.0. "
                              "1 of 3 cases are off.")


def test_a_known_mistake_is_named():
    mistakes = [("forgot to square", lambda p, t: p - t), ("absolute value", lambda p, t: np.abs(p - t))]
    assert check(lambda p, t: np.abs(p - t), mistakes=mistakes).message == "absolute value"
    assert check(lambda p, t: p - t, mistakes=mistakes).message == "forgot to square"
    # a wrong answer that matches no known mistake gets the generic message
    assert "right answer" in check(lambda p, t: 0 * p, mistakes=mistakes).message


def test_a_mistake_must_match_every_case_to_be_named():
    mistakes = [("sometimes right", lambda p, t: (p - t) ** 2 if np.ndim(p) else 0 * p)]
    result = check(lambda p, t: p - t, mistakes=mistakes)
    assert result.message != "sometimes right"


def test_tolerance_accepts_rounding_differences():
    assert check(lambda p, t: (p - t) ** 2 * (1 + 1e-12))
    assert not check(lambda p, t: (p - t) ** 2 * (1 + 1e-6))


# --- check_function: whatever the learner's function does, the check does not crash -----

def test_none_means_a_forgotten_return():
    def no_return(p, t):
        (p - t) ** 2
    result = check(no_return)
    assert result.status == "fail" and "returned None" in result.message and "return" in result.message


def test_wrong_type_is_reported():
    result = check(lambda p, t: "6.25")
    assert result.status == "fail"
    assert "returned a str; it should return a number." in result.message


def test_a_bool_is_not_a_number():
    assert "returned a bool" in check(lambda p, t: True).message


def test_wrong_shape_for_an_element_by_element_function():
    result = check(lambda p, t: np.sum((p - t) ** 2))
    assert result.status == "fail"
    assert "shape ()" in result.message and "expected shape (2,)" in result.message
    assert "element by element" in result.message


def test_wrong_shape_when_one_number_is_expected():
    result = check_function("mse", lambda p, t: (p - t) ** 2, [(np.array([1.0, 2.0]), np.array([0.0, 0.0]))],
                            lambda p, t: float(np.mean((p - t) ** 2)))
    assert result.status == "fail"
    assert "expected shape ()" in result.message and "one number" in result.message
    assert "element by element" not in result.message


def test_an_exception_becomes_a_sentence():
    result = check(lambda p, t: 1 / 0)
    assert result.status == "fail"
    assert result.message == "squared_error(1.5, 4.0) raised ZeroDivisionError: division by zero"


def test_arrays_in_the_message_are_written_as_code():
    result = check(lambda p, t: p + t if np.ndim(p) else (p - t) ** 2)
    assert "squared_error(np.array([1., 2.]), np.array([2., 2.]))" in result.message


def test_not_a_function():
    result = check(6.25)
    assert result.status == "fail"
    assert "pass your function itself" in result.message and "got a float" in result.message


def test_a_function_that_takes_too_long_times_out():
    def slow(p, t):
        time.sleep(1.0)  # sleeps rather than spins, so the abandoned thread costs no CPU
        return (p - t) ** 2
    started = time.perf_counter()
    result = check(slow, timeout=0.1)
    assert time.perf_counter() - started < 0.9
    assert result.status == "fail" and "did not finish within 0.1 s" in result.message


def test_prints_are_captured_and_do_not_leak(capsys):
    def chatty(p, t):
        print("debugging!")
        return (p - t) ** 2
    before = sys.stdout
    result = check(chatty)
    assert result.status == "pass"
    assert "printed something" in result.message
    assert "debugging!" not in capsys.readouterr().out
    assert sys.stdout is before  # put back after the check


def test_only_the_learners_thread_is_captured(capsys):
    def learner():
        print("from the learner")
        other = threading.Thread(target=print, args=("from another thread",))
        other.start()
        other.join()
        return 1
    outcome = call_guarded(learner, ())
    out = capsys.readouterr().out
    assert outcome.kind == "ok" and outcome.printed == "from the learner\n"
    assert "from another thread" in out and "from the learner" not in out


def test_overflow_inside_the_learners_function_gives_no_warning():
    # pytest turns RuntimeWarning into errors: an escaping overflow warning would fail this test
    result = check(lambda p, t: np.float64(1e308) * 10 + (p - t) ** 2)
    assert result.status == "fail" and "inf" in result.message


# --- call_guarded and helpers ------------------------------------------------------------

def test_call_guarded_outcomes():
    assert call_guarded(lambda x: x + 1, (1,)).value == 2
    assert call_guarded(lambda: (_ for _ in ()).throw(NotImplementedError()), ()).kind == "todo"
    error = call_guarded(lambda: int("x"), ())
    assert error.kind == "error" and error.value.startswith("ValueError: invalid literal")
    assert call_guarded(lambda: time.sleep(0.5), (), timeout=0.05).kind == "timeout"


def test_describe_call_and_matches():
    assert describe_call("f", (1.5, np.array([1.0, 2.0]))) == "f(1.5, np.array([1., 2.]))"
    assert matches(1.0, 1.0 + 1e-12)
    assert not matches([1.0, 2.0], [1.0])
    assert not matches(1.0, 1.1)


# --- check_value ---------------------------------------------------------------------------

def test_check_value_right_wrong_and_not_done():
    assert check_value("answer", 4 / 3, 4 / 3)
    assert check_value("answer", 4 / 3, 4 / 3).message == "1.33333 is right."
    assert check_value("answer", None, 4 / 3).status == "todo"
    assert check_value("answer", 2.0, 4 / 3).message == "2 is too large."
    assert check_value("answer", 1.0, 4 / 3).message == "1 is too small."


def test_check_value_names_a_known_wrong_answer():
    result = check_value("answer", 0.75, 4 / 3, hints=[("upside down", 0.75), ("times", 12.0)])
    assert result.status == "fail" and result.message == "upside down"


def test_check_value_accepts_numpy_numbers_and_rejects_non_numbers():
    assert check_value("answer", np.float64(150), 150)
    assert check_value("answer", np.array(150), 150)
    assert "single number" in check_value("answer", "150", 150).message
    assert "single number" in check_value("answer", [150, 150], 150).message
    assert "single number" in check_value("answer", True, 1).message


def test_check_value_relative_tolerance():
    assert check_value("answer", 0.0025000000000002486, 0.0025)
    assert not check_value("answer", 0.0025 * (1 + 1e-4), 0.0025)


def test_a_learner_loop_that_never_ends_is_stopped_not_left_running():
    def endless(p, t):
        while True:
            pass

    before = set(threading.enumerate())  # other tests' threads may come and go meanwhile

    def started_here():
        return [t for t in threading.enumerate() if t not in before and t.is_alive()]

    result = check_function("squared_error", endless, [(1.0, 2.0)], lambda p, t: (p - t) ** 2, timeout=0.2)
    assert not result and "did not finish within 0.2 s" in result.message
    assert "stopped it" in result.message
    deadline = time.perf_counter() + 2
    while started_here() and time.perf_counter() < deadline:
        time.sleep(0.01)
    assert started_here() == []  # no thread left spinning in the kernel
