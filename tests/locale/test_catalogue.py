"""gdcourse.locale: one message catalogue per language, keyed by the English templates in the code.

The Spanish catalogue must hold a reviewed entry, with the same ``{fields}``, for every template the code uses,
and nothing else; choosing a language is an explicit call, and importing gdcourse chooses nothing.
"""
import subprocess
import sys

import pytest

import gdcourse
from gdcourse import locale
from gdcourse.locale import N_, _
from gdcourse.tools import translate

FOUND, NOT_LITERAL = translate.templates()


@pytest.fixture
def spanish():
    gdcourse.use_language("es")
    yield
    gdcourse.use_language("en")


def test_every_template_is_one_literal_string():
    assert FOUND and NOT_LITERAL == [], "a _() or N_() whose template is not a literal: no catalogue can hold it"


def test_every_call_fills_exactly_the_fields_of_its_template():
    wrong = [(f"{path}:{line}", template) for template, places in FOUND.items() for path, line, names in places
             if names is not None and names != {f[1:-1].split("!")[0].split(":")[0] for f in translate.fields(template)}]
    assert wrong == []


def test_the_spanish_catalogue_is_complete_same_fields_and_nothing_stale():
    problems = translate.catalogue_problems(translate.read_po(translate.CATALOGUE), FOUND)
    assert problems == [], f"{len(problems)} problems; run `python -m gdcourse translate --messages`:\n" + "\n".join(
        problems[:20])


def test_catalogue_problems_are_caught_on_a_made_up_catalogue():
    po = translate.new_po("test")
    found = {"{n} cases": [], "Correct": [], "Not yet": []}
    translate.merge(po, [(None, "{n} cases", ""), (None, "Correct", ""), (None, "gone", "")])
    po[0].msgstr, po[1].msgstr, po[2].msgstr = "{m} casos", "Correcto", "ido"
    translate.merge(po, [(None, t, "") for t in found])  # "gone" is no longer in the code: obsolete, not stale
    assert [e.msgid for e in po if e.obsolete] == ["gone"]
    problems = translate.catalogue_problems(po, found)
    assert any("fields differ" in p and "{n} cases" in p for p in problems)
    assert any("no reviewed translation" in p and "Not yet" in p for p in problems)
    po.append(translate.read_po(translate.CATALOGUE)[0])  # an entry no code uses
    assert any(p.startswith("stale") for p in translate.catalogue_problems(po, found))


def test_fields_are_compared_as_written():
    assert translate.fields("{value:.6g} is {name!r}, {name!r}") == {"{value:.6g}", "{name!r}"}
    assert translate.fields("no fields, {{braces}}") == set()


def test_use_language_switches_and_switches_back(spanish):
    assert locale.language() == "es" and _("Correct") == "Correcto"
    gdcourse.use_language("en")
    assert locale.language() == "en" and _("Correct") == "Correct"


def test_a_template_the_catalogue_lacks_stays_english(spanish):
    assert _("not in any catalogue: {x}", x=1) == "not in any catalogue: 1"


def test_lazy_messages_are_translated_when_shown(spanish):
    hint = N_("{value:.6g} is too large.", value=2.5)
    assert str(hint) == "2.5 es demasiado grande." and f"[{hint}]" == "[2.5 es demasiado grande.]"
    gdcourse.use_language("en")
    assert str(hint) == "2.5 is too large."


@pytest.mark.parametrize("code, error", [(None, TypeError), (1, TypeError), ("fr", ValueError), ("ES", ValueError)])
def test_use_language_refuses_what_it_cannot_speak(code, error):
    with pytest.raises(error, match="code"):
        gdcourse.use_language(code)
    assert locale.language() == "en"


def test_importing_gdcourse_chooses_no_language_and_reads_no_catalogue():
    code = "import sys, gdcourse, gdcourse.checks, gdcourse.locale as l; print(l.language(), 'polib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["en", "False"]
