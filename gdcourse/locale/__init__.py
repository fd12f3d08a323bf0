"""The language gdcourse speaks: after ``use_language("es")`` every check, error, note and plot label is Spanish.

Gettext style: the English templates in the code are the keys. ``_("{name} must be ...", name=name)`` looks its
template up in the current language's catalogue, ``gdcourse/locale/<code>.po`` (a PO file translators edit), and
fills in the ``str.format`` fields; ``N_(...)`` is the same, translated only when shown, for the tables of hints
modules build at import time. A template the catalogue lacks (or marks fuzzy) stays English."""
import functools
import pathlib

LANGUAGES = {"en": "English", "es": "español"}
FOLDER = pathlib.Path(__file__).parent
_current = {"code": "en", "catalogue": {}}  # the one setting, changed only by use_language


def use_language(code):
    """Speak ``code`` from now on in this kernel: ``"en"`` (English, the default) or ``"es"`` (español)."""
    if not isinstance(code, str):
        raise TypeError(_("code must be a language code such as 'es', got {type}", type=type(code).__name__))
    if code not in LANGUAGES:
        raise ValueError(_("code must be one of {codes}, got {code!r}", codes=", ".join(LANGUAGES), code=code))
    _current.update(code=code, catalogue=catalogue(code))


def language():
    """The code of the language gdcourse speaks now."""
    return _current["code"]


@functools.cache
def catalogue(code):
    """``{English template: translation}``: the translated entries of ``<code>.po`` (English: none needed)."""
    if code == "en":
        return {}
    import polib
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(FOLDER / f"{code}.po")) if entry.translated()}


def _(template, **fields):
    """``template`` in the current language, with its ``{fields}`` filled in."""
    return _current["catalogue"].get(template, template).format(**fields)


def _later(template, fields):  # N_'s lookup; not _() itself, so every _() in the package names its template
    return _current["catalogue"].get(template, template).format(**fields)


class N_:
    """A message kept as its English template and translated when shown (``str()``, an f-string field)."""

    __slots__ = ("template", "fields")

    def __init__(self, template, **fields):
        self.template, self.fields = template, fields

    def __str__(self):
        return _later(self.template, self.fields)

    def __format__(self, spec):
        return format(str(self), spec)

    def __repr__(self):
        return f"N_({self.template!r})"
