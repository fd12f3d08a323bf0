"""Exercise checks: ``checks.<function name>(your_function)`` tells you whether it is right.

Each lesson's checks live in their own module; all are available here.
"""
from gdcourse.checks.core import CheckResult, check_function, check_value  # noqa: F401
