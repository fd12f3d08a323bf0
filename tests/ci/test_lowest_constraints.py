"""The CI script that pins every requirement to its lower bound, and the floors it pins."""
import importlib.util
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "lowest_constraints.py"

spec = importlib.util.spec_from_file_location("lowest_constraints", SCRIPT)
lowest_constraints = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lowest_constraints)
lowest_pins = lowest_constraints.lowest_pins


def test_pins_each_lower_bound():
    lines = ["numpy>=1.26,<3", "pytest >= 8, <10", "pytest-xdist>=3.5,<4  # parallel runs",
             "Jupyter_Lab[extra]>=4.2.0", "colorama>=0.4; sys_platform == 'win32'"]
    assert list(lowest_pins(lines)) == ["numpy==1.26", "pytest==8", "pytest-xdist==3.5",
                                        "Jupyter_Lab==4.2.0", "colorama==0.4"]


def test_skips_options_comments_blanks_and_unbounded_lines():
    lines = ["-e .", "--index-url https://example.invalid/simple", "# numpy>=1.26", "", "   ",
             "requests", "idna<4", "six==1.16"]
    assert list(lowest_pins(lines)) == []


def test_the_script_prints_a_pin_for_every_requirement():
    out = subprocess.run([sys.executable, str(SCRIPT), str(ROOT / "requirements.txt")],
                         capture_output=True, text=True, check=True).stdout
    pins = out.split()
    requirements = [line for line in (ROOT / "requirements.txt").read_text().splitlines()
                    if line.strip() and not line.startswith(("#", "-"))]
    assert len(pins) == len(requirements) and all("==" in pin for pin in pins), out
    assert "numpy==" in out and "-e" not in out


def test_pyproject_floors_are_the_requirements_floors():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    with open(ROOT / "requirements.txt", encoding="utf-8") as f:
        requirements = dict(pin.split("==") for pin in lowest_pins(f))
    package = dict(pin.split("==") for pin in lowest_pins(dependencies))
    assert len(package) == len(dependencies), f"a dependency without a >= floor: {dependencies}"
    for name, floor in package.items():
        assert requirements.get(name) == floor, (
            f"pyproject.toml says {name}>={floor}, requirements.txt {name}>={requirements.get(name)}")
