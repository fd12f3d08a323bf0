"""Helpers shared by the notebook tests: find the notebooks, read them, and judge them.

Every ``*_problems`` function takes a notebook (the JSON dict) and returns a
list of sentences, empty when all is well, so a test can both assert "no
problems" on the real notebooks and show on a small made-up notebook that a
problem is really caught.
"""
import base64
import json
import pathlib
import re

from gdcourse.tools.build import BEGIN, ROOT, WIDGET_VIEW, lesson_from_solution

LESSONS, SOLUTIONS = ROOT / "lessons", ROOT / "solutions"
LANGUAGES = ("en", "es")  # English in lessons/ and solutions/, Spanish in their es/ folders
# Words the first cell and a later heading must hold, in each language.
STRUCTURE_WORDS = {"en": ("objectives", "recap"), "es": ("objetivos", "resumen")}

# Tags nbval 0.11 understands (its ``metadata_tags``), and the comment markers it reads in code.
NBVAL_TAGS = {"nbval-ignore-output", "nbval-check-output", "nbval-raises-exception",
              "nbval-skip", "raises-exception"}
NBVAL_COMMENTS = {"NBVAL_IGNORE_OUTPUT", "NBVAL_CHECK_OUTPUT", "NBVAL_RAISES_EXCEPTION",
                  "NBVAL_SKIP", "PYTEST_VALIDATE_IGNORE_OUTPUT"}
# Our policy: nothing may be skipped or expected to fail; only a live widget may hide its output.
FORBIDDEN_TAGS = {"nbval-skip", "nbval-raises-exception", "raises-exception"}
IGNORE_OUTPUT = "nbval-ignore-output"
WIDGET_WORDS = ("slider", "interact", "widgets")

# ------------------------------------------------------------- finding ----

def notebook_paths(folder):
    return sorted(p for p in folder.glob("*.ipynb") if p.is_file())


def edition(folder, language):
    """lessons/ or solutions/ (``folder``) of one language: the folder itself for English, else its subfolder."""
    return folder if language == "en" else folder / language


def all_notebooks():
    """Every notebook in lessons/ and solutions/, and in their Spanish editions lessons/es/ and solutions/es/."""
    return [p for language in LANGUAGES for folder in (LESSONS, SOLUTIONS)
            for p in notebook_paths(edition(folder, language))]


def language(path):
    return path.parent.name if path.parent.name in LANGUAGES else "en"


def label(path):
    """A short test id such as ``lessons/01_squared_error.ipynb`` or ``solutions/es/01_squared_error.ipynb``."""
    return path.relative_to(ROOT).as_posix()


def read(path):
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))


def text(value):
    """Notebook text fields may be a string or a list of lines."""
    return "".join(value) if isinstance(value, list) else value


def source(cell):
    return text(cell.get("source", ""))


def tags(cell):
    return list(cell.get("metadata", {}).get("tags", []))


def code_cells(notebook):
    return [(i, c) for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "code"]


def is_widget_cell(cell):
    lowered = source(cell).lower()
    return any(word in lowered for word in WIDGET_WORDS)


# -------------------------------------------------------------- hygiene ----

def kernel_problems(notebook):
    metadata = notebook.get("metadata", {})
    problems = []
    if metadata.get("kernelspec", {}).get("name") != "python3":
        problems.append(f"kernelspec is {metadata.get('kernelspec')!r}, expected name 'python3'")
    if metadata.get("language_info", {}).get("name") != "python":
        problems.append("language_info.name is not 'python'")
    return problems


def leftover_problems(notebook):
    """Widget state, execution timings and widget views must not be committed."""
    problems = []
    if "widgets" in notebook.get("metadata", {}):
        problems.append("notebook metadata holds widget state ('widgets')")
    for i, cell in enumerate(notebook["cells"]):
        if "execution" in cell.get("metadata", {}):
            problems.append(f"cell {i}: execution timing metadata left behind")
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                problems.append(f"cell {i}: a widget view output is stored")
    return problems


def unexecuted_problems(notebook):
    """nbval silently passes a cell that was never run, so every code cell must have been run."""
    return [f"cell {i}: never executed (execution_count is None)"
            for i, cell in code_cells(notebook)
            if source(cell).strip() and cell.get("execution_count") is None]


def error_problems(notebook):
    return [f"cell {i}: stored error output {o.get('ename')}: {o.get('evalue')}"
            for i, cell in code_cells(notebook) for o in cell.get("outputs", [])
            if o.get("output_type") == "error"]


def png_sizes(notebook):
    """``[(cell index, bytes), ...]`` for every stored PNG."""
    return [(i, len(base64.b64decode(text(o["data"]["image/png"]))))
            for i, cell in code_cells(notebook) for o in cell.get("outputs", [])
            if "image/png" in o.get("data", {})]


def tag_problems(notebook):
    problems = []
    for i, cell in enumerate(notebook["cells"]):
        for tag in tags(cell):
            lowered = tag.lower()
            looks_like_nbval = lowered.startswith("nbval") or "nbval" in lowered or "raises" in lowered
            if looks_like_nbval and tag not in NBVAL_TAGS:
                problems.append(f"cell {i}: tag {tag!r} is not an nbval tag (typo?); "
                                f"nbval knows {sorted(NBVAL_TAGS)}")
            elif tag in FORBIDDEN_TAGS:
                problems.append(f"cell {i}: tag {tag!r} is not allowed in this course")
            elif tag == IGNORE_OUTPUT and not (cell["cell_type"] == "code" and is_widget_cell(cell)):
                problems.append(f"cell {i}: {IGNORE_OUTPUT!r} is only for cells that show a widget")
        if cell["cell_type"] == "code":
            for line in source(cell).splitlines():
                comment = line.strip().lstrip("#").strip()
                # nbval obeys whole-line comments like "# NBVAL_SKIP": flag those and look-alikes.
                marker = comment in NBVAL_COMMENTS or re.fullmatch(r"[A-Z_-]*NBVAL[A-Z_-]*", comment.upper())
                if line.strip().startswith("#") and marker:
                    problems.append(f"cell {i}: nbval comment marker {comment!r}; "
                                    "use a cell tag (only nbval-ignore-output, on widget cells)")
    return problems


def structure_problems(notebook, kind, language="en"):
    """The parts every lesson has: a title and objectives first, a recap, hints; exercises."""
    problems = []
    cells = notebook["cells"]
    objectives, recap = STRUCTURE_WORDS[language]
    if not cells or cells[0]["cell_type"] != "markdown":
        return ["the first cell is not a markdown cell"]
    first = source(cells[0])
    if not first.lstrip().startswith("# "):
        problems.append("the first cell does not start with a '# ' title")
    if objectives not in first.lower():
        problems.append(f"the first cell does not name the learning objectives (the word '{objectives}' "
                        "is missing; e.g. head the list '**Learning objectives**: by the end ...')")
    markdown = "\n".join(source(c) for c in cells if c["cell_type"] == "markdown")
    if recap not in markdown.lower():
        problems.append(f"no '{recap.capitalize()}' section")
    if "<details>" not in markdown:
        problems.append("no <details> hint block")
    regions = sum(source(c).count(BEGIN) for c in cells)
    if kind == "lesson" and regions:
        problems.append(f"the lesson still contains {BEGIN!r}")
    if kind == "solution" and regions < 2:
        problems.append(f"only {regions} solution region(s); a lesson has two or more exercises")
    return problems


def language_problems(notebook, language):
    """A Spanish notebook chooses Spanish first, in the build's visible line; an English one chooses nothing."""
    from gdcourse.tools.translate import SPEAK
    cells = code_cells(notebook)
    if language == "en":
        return [f"cell {i}: an English notebook calls use_language" for i, c in cells if "use_language(" in source(c)]
    if not cells or not source(cells[0][1]).startswith(SPEAK):
        return [f"the first code cell does not start with {SPEAK!r}: run `python -m gdcourse build NN`"]
    return []


def twin_problems(lesson, solution, language="en"):
    """A lesson must be exactly what the build makes of its solution (types, sources, tags)."""
    expected = lesson_from_solution(solution, language)

    def shape(notebook):
        return [(c["cell_type"], source(c), tags(c)) for c in notebook["cells"]]

    want, have = shape(expected), shape(lesson)
    if len(want) != len(have):
        return [f"the lesson has {len(have)} cells, its solution makes {len(want)}: "
                "run `python -m gdcourse build NN`"]
    return [f"cell {i} differs from what the build makes of the solution: "
            "run `python -m gdcourse build NN`"
            for i, (w, h) in enumerate(zip(want, have)) if w != h]


# --------------------------------------------------------- portability ----

CODE_PATTERNS = [
    (re.compile(r"https?://"), "a web address"),
    (re.compile(r"\burlopen\b|\brequests\.|\burllib\b|\bsocket\b"), "network access"),
    (re.compile(r"""\bopen\(\s*[rbuRBU]*["'](/|~|[A-Za-z]:\\)"""), "open() of an absolute path"),
    (re.compile(r"/tmp\b"), "a /tmp path"),
    (re.compile(r"""["']~[/\\]|\bexpanduser\b|\bPath\.home\b"""), "a home-folder path"),
    (re.compile(r"""["'](/work|/home|/root|/Users)/"""), "an absolute path"),
]
OUTPUT_PATTERNS = [
    (re.compile(r"/work/|/home/|/root/|/tmp/|/Users/"), "an absolute path"),
    (re.compile(r"0x[0-9a-fA-F]{6,}"), "a memory address"),
    (re.compile(r"Wall time|CPU times|(?<![A-Za-z])it/s\b|\ds/it\b"), "a timing"),
]


def output_texts(output):
    """The text a learner (and nbval) sees in one output; images are not text."""
    if output.get("output_type") == "stream":
        yield text(output.get("text", ""))
    elif output.get("output_type") == "error":
        yield f"{output.get('ename')}: {output.get('evalue')}"
    for mime, value in output.get("data", {}).items():
        if mime.startswith("text/") or mime == "application/json":
            yield text(value) if isinstance(value, (str, list)) else json.dumps(value)


def portability_problems(notebook):
    """Code that reads the network or files outside the repo; outputs that depend on this machine."""
    problems = []
    for i, cell in code_cells(notebook):
        for pattern, what in CODE_PATTERNS:
            match = pattern.search(source(cell))
            if match:
                problems.append(f"cell {i}: code contains {what} ({match.group(0)!r})")
        for output in cell.get("outputs", []):
            for shown in output_texts(output):
                for pattern, what in OUTPUT_PATTERNS:
                    match = pattern.search(shown)
                    if match:
                        problems.append(f"cell {i}: stored output contains {what} ({match.group(0)!r})")
    return problems



# A number printed with more significant digits than every machine agrees on
# (gdcourse.course.digits): fine only in a cell tagged EXACT, whose numbers come from
# exact scalar IEEE arithmetic (the article's iteration tables).
EXACT = "exact-ieee"
MOST_DIGITS = 6
NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*\.\d+|\d[\d,]*)(?:e[-+]?\d+)?(?![\w.])", re.IGNORECASE)


def significant_digits(number):
    """How many significant digits a printed number shows (trailing zeros count after a point)."""
    digits = number.replace(",", "")
    if "." not in digits:
        return len(digits.lstrip("0").rstrip("0")) or 1
    return len(digits.replace(".", "").lstrip("0")) or 1


def full_precision_problems(notebook):
    """Stored outputs that print more than MOST_DIGITS significant digits outside EXACT cells."""
    problems = []
    for i, cell in code_cells(notebook):
        if EXACT in tags(cell):
            continue
        for output in cell.get("outputs", []):
            for shown in output_texts(output):
                shown = re.sub(r"<[^>]*>", " ", shown)  # HTML tags and attributes are not numbers
                long = [m.group(0) for m in NUMBER.finditer(shown) if significant_digits(m.group(1)) > MOST_DIGITS]
                if long:
                    problems.append(f"cell {i}: prints {long[0]} ({significant_digits(NUMBER.match(long[0]).group(1))} "
                                    f"significant digits): round it with gdcourse.course.digits.stable, or tag the cell "
                                    f"{EXACT!r} if it is exact scalar arithmetic")
    return problems
