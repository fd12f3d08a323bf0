"""Your own copy of the lessons, safe to update: ``python -m gdcourse workspace``.

Work in the copy, not in the course's ``lessons/`` folder. Then updating the
course (``git pull``) never clashes with your edits, and running this command
again brings in new and improved lessons without touching your work.

How it knows what you changed: it compares file *contents*, never dates.
The workspace keeps a small record, ``.gdcourse-manifest.json``, holding the
sha256 fingerprint of every lesson as it was copied in. On each run, for
each lesson of the course:

- not in your folder yet                    -> copy it in ("added");
- your file equals the course's file        -> nothing to do ("up to date");
- your file equals what we copied last time -> you did not touch it, so the
  course's newer version replaces it ("updated");
- anything else means the file is yours     -> it stays exactly as it is
  ("kept"); if the course has a version you have not been offered yet, it is
  saved beside yours as ``NAME.new-YYYYmmdd-HHMMSS.ipynb``.

Without a readable record (deleted or damaged), every file that differs from
the course counts as yours. ``--reset`` puts one lesson back to the course's
version, after saving your copy as ``NAME.backup-YYYYmmdd-HHMMSS.ipynb``.
"""
import argparse
import datetime
import hashlib
import json
import os
import pathlib

MANIFEST = ".gdcourse-manifest.json"
DEFAULT_FOLDER = "my-work"

USAGE_ERROR, PROBLEM, OK = 2, 1, 0  # exit codes


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


# ---------------------------------------------------------------- files ----

def fingerprint(data):
    """The sha256 of a file's bytes: equal fingerprints mean equal files."""
    return hashlib.sha256(data).hexdigest()


def write_whole(path, data):
    """Write ``data`` to ``path`` all at once: a crash never leaves half a notebook.

    The bytes go to a hidden file first, which then takes the final name in one
    step (``os.replace``). If ``path`` is a symbolic link, the link itself is
    replaced, never the file it points to.
    """
    partial = path.with_name(f".{path.name}.gdcourse-partial")
    if os.path.lexists(partial):
        partial.unlink()
    with open(partial, "xb") as file:
        file.write(data)
    os.replace(partial, path)


def save_beside(path, kind, data, now):
    """Save ``data`` next to ``path`` as ``STEM.KIND-YYYYmmdd-HHMMSS.ipynb``; return the new path.

    Never overwrites anything: if that name is taken, ``-2``, ``-3``, ... is
    added. Opening with mode "x" makes "the name is free" and "create it" one
    step, so not even a file appearing at the same moment is lost.
    """
    stamp = now.strftime("%Y%m%d-%H%M%S")
    counter = 1
    while True:
        suffix = "" if counter == 1 else f"-{counter}"
        candidate = path.with_name(f"{path.stem}.{kind}-{stamp}{suffix}{path.suffix}")
        try:
            with open(candidate, "xb") as file:
                file.write(data)
            return candidate
        except FileExistsError:
            counter += 1


# ------------------------------------------------------------- manifest ----

def read_manifest(folder):
    """The record of earlier copies: ``({name: {"copied": sha, "offered": sha}}, problem)``.

    ``copied`` is the fingerprint of the file we last put in the workspace,
    ``offered`` the newest course version the learner has been given (copied
    in, or saved beside their own file). ``problem`` is None, "missing" or a
    sentence saying why the record could not be used; then the record is empty
    and every file that differs from the course is treated as the learner's.
    """
    path = folder / MANIFEST
    if path.is_symlink():
        return {}, f"{MANIFEST} is a symbolic link, which gdcourse does not follow"
    if not path.exists():
        return {}, "missing"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        files = record["files"]
        if not isinstance(files, dict):
            raise TypeError("'files' is not a mapping")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        return {}, f"{MANIFEST} could not be read ({type(error).__name__})"
    entries = {}
    for name, entry in files.items():
        # Keep only well-formed entries; a damaged one simply counts as unknown.
        if isinstance(entry, dict) and all(_is_sha256(entry.get(k)) for k in ("copied", "offered")):
            entries[name] = {"copied": entry["copied"], "offered": entry["offered"]}
    if len(entries) < len(files):
        return entries, f"part of {MANIFEST} could not be read"
    return entries, None


def _is_sha256(value):
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def refuse_linked_manifest(folder):
    """Stop before changing anything if the record is a link (it could point out of the workspace)."""
    if (folder / MANIFEST).is_symlink():
        raise OSError(f"{MANIFEST} in {folder} is a symbolic link; gdcourse does not follow links")


def write_manifest(folder, entries):
    record = {
        "about": ("gdcourse workspace record: the sha256 of each lesson as last copied here "
                  "('copied') and of the newest course version offered to you ('offered'). "
                  "If you delete this file, nothing is lost: every lesson that differs from "
                  "the course is then kept as yours."),
        "format": 1,
        "files": {name: entries[name] for name in sorted(entries)},
    }
    refuse_linked_manifest(folder)
    write_whole(folder / MANIFEST, (json.dumps(record, indent=1) + "\n").encode("utf-8"))


# -------------------------------------------------------------- lessons ----

def course_lessons(source):
    """The lesson notebooks in ``source``, sorted by name."""
    return sorted(p for p in source.glob("*.ipynb") if p.is_file() and not p.name.startswith("."))


def find_lesson(name, lessons):
    """The lesson a learner means by ``name``: ``04``, ``4``, ``04_learning_rate_alpha`` or a file name."""
    wanted = pathlib.PurePath(name).name  # a path such as my-work/04_x.ipynb also works
    for lesson in lessons:
        if wanted in (lesson.name, lesson.stem):
            return lesson
    matches = [lesson for lesson in lessons if _same_number(wanted, lesson.stem)]
    if len(matches) == 1:
        return matches[0]
    known = "\n".join(f"  {lesson.stem}" for lesson in lessons)
    if matches:
        raise UsageError(f"'{name}' could mean more than one lesson; give the full name:\n{known}")
    raise UsageError(f"There is no lesson called '{name}'. The lessons are:\n{known}")


def _same_number(wanted, stem):
    """Does ``wanted`` ("04" or "4") name the lesson whose file name starts with ``04_``?"""
    number = stem.split("_", 1)[0]
    return wanted == number or (wanted.isdigit() and number.isdigit() and int(wanted) == int(number))


def check_folder(folder, source, course_root):
    """Refuse a workspace that is the course's own lessons/ or solutions/ folder (or inside one)."""
    here = folder.resolve()
    protected = [source.resolve(), course_root / "lessons", course_root / "solutions"]
    if here == course_root or any(here == p or here.is_relative_to(p) for p in protected):
        raise UsageError(
            f"{folder} is part of the course itself. Choose a folder of your own, "
            f"for example: python -m gdcourse workspace {DEFAULT_FOLDER}")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} exists but is not a folder.")


# ----------------------------------------------------------- the work ----

def sync(folder, source, now):
    """Bring the workspace up to date with the course. Returns ``[(action, line), ...]``.

    ``action`` is "note" (a remark about the whole run) or, for one lesson,
    "added", "updated", "kept", "same" or "skipped".
    """
    lessons = course_lessons(source)
    folder.mkdir(parents=True, exist_ok=True)
    refuse_linked_manifest(folder)
    entries, problem = read_manifest(folder)
    before = {name: dict(entry) for name, entry in entries.items()}
    results = []
    if problem not in (None, "missing") or (
            problem == "missing" and any(os.path.lexists(folder / p.name) for p in lessons)):
        reason = "there is no record of earlier copies" if problem == "missing" else problem
        results.append(("note", f"Note: {reason}, so every lesson that differs from the course "
                                "is treated as yours and kept."))

    for lesson in lessons:
        name, target = lesson.name, folder / lesson.name
        course = lesson.read_bytes()
        course_sha = fingerprint(course)
        entry = entries.get(name)

        if target.is_symlink() or (target.exists() and not target.is_file()):
            what = "a symbolic link" if target.is_symlink() else "not a regular file"
            results.append(("skipped", _line("skipped", name, f"it is {what}; gdcourse leaves it alone")))
            continue
        if not target.exists():
            write_whole(target, course)
            entries[name] = {"copied": course_sha, "offered": course_sha}
            results.append(("added", _line("added", name)))
            continue

        mine_sha = fingerprint(target.read_bytes())
        if mine_sha == course_sha:
            # Also covers an edited file that happens to equal the new course version.
            entries[name] = {"copied": course_sha, "offered": course_sha}
            results.append(("same", _line("up to date", name)))
        elif entry is not None and mine_sha == entry["copied"]:
            # Exactly what we copied last time: the learner never changed it.
            write_whole(target, course)
            entries[name] = {"copied": course_sha, "offered": course_sha}
            results.append(("updated", _line("updated", name, "you had not changed it")))
        elif entry is not None and entry["offered"] == course_sha:
            # The learner's own file, and they have already been offered this course version.
            results.append(("kept", f"{'kept':<10} your changes to {name}"))
        else:
            # The learner's own file (or one we have no record of), and a course version
            # they have not been offered yet: save it beside theirs.
            new = save_beside(target, "new", course, now)
            # With no record, "copied" becomes the course's fingerprint, never the learner's:
            # recording theirs would let a later update overwrite it.
            copied = entry["copied"] if entry is not None else course_sha
            entries[name] = {"copied": copied, "offered": course_sha}
            results.append(("kept", f"{'kept':<10} your changes to {name}; "
                                    f"the course's new version is saved as {new.name}"))
    if entries != before or problem is not None:
        write_manifest(folder, entries)
    return results


def _line(label, name, detail=""):
    return f"{label:<10} {name}" + (f": {detail}" if detail else "")


def reset(folder, source, name, now):
    """Put one lesson back to the course's version, saving the learner's copy first. Returns a line."""
    lesson = find_lesson(name, course_lessons(source))
    target = folder / lesson.name
    refuse_linked_manifest(folder)
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise OSError(f"{lesson.name} is a symbolic link or not a regular file; gdcourse leaves it alone")
    course = lesson.read_bytes()
    mine = target.read_bytes() if target.exists() else None
    if mine == course:
        line = _line("up to date", lesson.name, "already the course's version; nothing to do")
    elif mine is None:
        write_whole(target, course)
        line = _line("restored", lesson.name, "copied from the course")
    else:
        backup = save_beside(target, "backup", mine, now)  # first the learner's copy is safe...
        write_whole(target, course)                        # ...then the original goes back
        line = _line("reset", lesson.name, f"your copy is saved as {backup.name}")
    entries, _ = read_manifest(folder)
    entries[lesson.name] = {"copied": fingerprint(course), "offered": fingerprint(course)}
    write_manifest(folder, entries)
    return line


# ------------------------------------------------------------------ CLI ----

HELP = f"""\
Copy the course's lessons into a folder of your own, and keep it up to date.

Work in that folder (default: {DEFAULT_FOLDER}/), not in the course's lessons/
folder. Run the same command again whenever the course has changed (for
example after `git pull`): new lessons are added, lessons you have not touched
are updated, and a lesson you have changed is NEVER overwritten. If the
course has a newer version of a lesson you changed, that version is saved
beside yours as NAME.new-DATE-TIME.ipynb, so you can compare the two.
Save your open notebooks in JupyterLab before you run it.

Changes are recognised by content, not by file dates: the workspace keeps
a record of each lesson's fingerprint in the file {MANIFEST}.
If that record is lost, every lesson that differs from the course is simply
treated as yours.

To start a lesson over, use --reset: your copy is first saved as
NAME.backup-DATE-TIME.ipynb (never overwriting an earlier backup), then the
lesson is replaced by the course's original.
"""

EXAMPLES = f"""\
examples:
  python -m gdcourse workspace                 create or update {DEFAULT_FOLDER}/
  python -m gdcourse workspace ~/gd-lessons    use another folder
  python -m gdcourse workspace --reset 04      start lesson 04 over in {DEFAULT_FOLDER}/
"""


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m gdcourse workspace", description=HELP, epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=DEFAULT_FOLDER,
                        help=f"your workspace folder (default: {DEFAULT_FOLDER})")
    parser.add_argument("--reset", metavar="LESSON", action="append", default=[],
                        help="restore one lesson to the course's version after backing up "
                             "your copy; LESSON is a number like 04, a name like "
                             "04_learning_rate_alpha, or a file name (may be repeated)")
    parser.add_argument("--source", metavar="DIR",
                        help="where the course's lessons are (default: the lessons/ folder "
                             "of the course gdcourse was installed from)")
    return parser


def main(argv=None, now=None):
    """Run the command; returns the exit code (0 ok, 1 a file could not be handled, 2 usage error).

    ``now`` is the clock used to name .new and .backup files (tests pass a fixed one).
    """
    from gdcourse.tools.build import ROOT

    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help (0) or a bad option (2); argparse has printed why
        return stop.code if isinstance(stop.code, int) else USAGE_ERROR
    now = now or datetime.datetime.now()
    folder = pathlib.Path(args.folder).expanduser()
    source = pathlib.Path(args.source).expanduser() if args.source else ROOT / "lessons"
    try:
        check_folder(folder, source, ROOT)
        if not source.is_dir() or not course_lessons(source):
            raise UsageError(f"No lessons found in {source}. Run this command from the course's "
                             "folder, or say where the lessons are with --source.")
        if args.reset:
            return _run_resets(folder, source, args.reset, now)
        return _run_sync(folder, source, now)
    except UsageError as error:
        print(error)
        return USAGE_ERROR


def _run_sync(folder, source, now):
    print(f"Your workspace: {folder}")
    try:
        results = sync(folder, source, now)
    except OSError as error:
        print(f"Stopped: {error}")
        return PROBLEM
    for action, line in results:
        print(line if action == "note" else f"  {line}")
    counts = {action: sum(1 for a, _ in results if a == action)
              for action in ("added", "updated", "kept", "same", "skipped")}
    words = {"added": "added", "updated": "updated", "kept": "kept with your changes",
             "same": "already up to date", "skipped": "skipped"}
    summary = ", ".join(f"{counts[a]} {words[a]}" for a in words if counts[a])
    print(f"Done: {summary}.")
    if any("new version is saved" in line for _, line in results):
        print("To start a lesson afresh from the course's version (your copy is backed up first):\n"
              f"  python -m gdcourse workspace {folder} --reset NUMBER")
    print(f"Open the lessons from {folder} in JupyterLab; your changes there are never overwritten.")
    return PROBLEM if counts["skipped"] else OK


def _run_resets(folder, source, names, now):
    if not folder.is_dir():
        raise UsageError(f"There is no workspace at {folder} yet. "
                         f"Create it first: python -m gdcourse workspace {folder}")
    lessons = course_lessons(source)
    for name in names:  # check every name before changing anything
        find_lesson(name, lessons)
    status = OK
    for name in names:
        try:
            print(reset(folder, source, name, now))
        except OSError as error:
            print(f"Could not reset {name}: {error}")
            status = PROBLEM
    return status
