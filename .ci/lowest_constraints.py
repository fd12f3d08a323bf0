#!/usr/bin/env python3
"""Print pip constraints that pin every requirement to its lowest allowed version.

    python .ci/lowest_constraints.py requirements.txt > lowest.txt
    pip install -c lowest.txt -r requirements.txt

A line with a `>=X` bound, such as `numpy>=1.26,<3`, becomes `numpy==1.26`.
Comments, blank lines and options such as `-e .` are skipped.
"""
import re
import sys

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
FLOOR = re.compile(r">=\s*([^,\s]+)")


def lowest_pins(lines):
    """Yield `name==X` for each requirement line that has a `>=X` lower bound."""
    for line in lines:
        line = line.split("#")[0].split(";")[0].strip()  # no comment, no environment marker
        if not line or line.startswith("-"):
            continue
        name, floor = NAME.match(line), FLOOR.search(line)
        if name and floor:
            yield f"{name.group()}=={floor.group(1)}"


if __name__ == "__main__":
    with open(sys.argv[1] if len(sys.argv) > 1 else "requirements.txt", encoding="utf-8") as f:
        for pin in lowest_pins(f):
            print(pin)
