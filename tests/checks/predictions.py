"""One way to test a prediction check: each right form passes, each named slip gets its words, None is "to do"."""


def assert_prediction(check, right, wrong):
    for value in right:
        result = check(value)
        assert result, result.message
    for value, words in wrong.items():
        result = check(value)
        assert not result and words in result.message, result.message
    assert check(None).status == "todo" and "my_prediction" in check(None).message
