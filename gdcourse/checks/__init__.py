"""Exercise checks: ``checks.<function name>(your_function)`` tells you whether it is right (one module a lesson)."""
from gdcourse.checks.core import CheckResult, check_function, check_value  # noqa: F401
from gdcourse.checks.lesson01 import *  # noqa: F401,F403
from gdcourse.checks.lesson02 import *  # noqa: F401,F403
from gdcourse.checks.lesson03 import *  # noqa: F401,F403
from gdcourse.checks.lesson04 import *  # noqa: F401,F403
from gdcourse.checks.lesson05 import *  # noqa: F401,F403
from gdcourse.checks.lesson06 import *  # noqa: F401,F403
from gdcourse.checks.lesson08 import *  # noqa: F401,F403
from gdcourse.checks.lesson09 import *  # noqa: F401,F403
