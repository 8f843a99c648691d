"""Keep the translation catalogs in step with the code (instructors, translators).

`python -m grader translations update` extracts every text the grader says through tr(),
trn() or N_() and writes grader/locale/<language>/<catalog>.po: new texts arrive with an
empty translation, texts the code no longer says are dropped, existing translations are
kept. `translations check` changes nothing and lists what is untranslated. One catalog per
chapter (its public and hidden checks, its hints live in grader/hints/) and core.po for
the rest of what learners read. A text said in several catalogs has one translation in all
(`translations unify` settles those that differ).
"""

from __future__ import annotations

import contextlib
import functools
import io
import sys
from datetime import datetime, timezone
from pathlib import Path

from grader import KIT_ROOT
from grader.i18n import HIDDEN_LOCALE_DIR, LOCALE_DIR, fields_of

GRADER = KIT_ROOT / "grader"
STAMP = datetime(2026, 1, 1, tzinfo=timezone.utc)  # fixed: an update changes only what changed
KEYWORDS = {"tr": None, "N_": None, "trn": (1, 2)}
TRANSLATED = ("ja",)
# What learners read outside the chapters' checks: feedback, score table, commands.
CORE_MODULES = ("check.py", "diagnose.py", "plugin.py", "scoring.py", "stubs.py",
                "learner.py", "loader.py", "heldout.py", "figures.py", "devices.py",
                "thresholds.py", "progress.py", "hints.py", "status.py", "watch.py",
                "notebook.py", "checks/shared.py", "isolation/remote.py",
                "isolation/worker.py")


def sources() -> dict[str, list[Path]]:
    """Each catalog's name and the modules whose texts it holds. The hidden checks' texts
    have catalogs of their own ("hidden/chNN"), kept beside them: a student release, which
    leaves the hidden checks out, must not tell what they check."""
    catalogs = {"core": [GRADER / name for name in CORE_MODULES if (GRADER / name).is_file()]}
    for checks in sorted((GRADER / "checks").glob("ch[0-9][0-9].py")):
        catalogs[checks.stem] = [checks]
    for hidden in sorted((GRADER / "hidden").glob("ch[0-9][0-9].py")):
        catalogs[f"hidden/{hidden.stem}"] = [hidden]
    return catalogs


def catalog_file(language: str, name: str) -> Path:
    if name.startswith("hidden/"):
        return HIDDEN_LOCALE_DIR / language / f"{name.removeprefix('hidden/')}.po"
    return LOCALE_DIR / language / f"{name}.po"


def extract(paths: list[Path]) -> dict:
    """msgid (a text, or (singular, plural)) -> where the code says it."""
    found: dict = {}
    for path in paths:
        for line, message in _texts_of(path, path.stat().st_mtime_ns):
            found.setdefault(message, []).append((str(path.relative_to(KIT_ROOT)), line))
    return found


@functools.cache
def _texts_of(path: Path, _modified: int) -> tuple:
    """(line, msgid) of each text `path` says; read again only when the file changes."""
    from babel.messages.extract import extract_from_file

    # Babel warns of the f-strings among {fields}' values: they are not texts to translate.
    with contextlib.redirect_stderr(io.StringIO()):
        extracted = extract_from_file("python", path, keywords=KEYWORDS)
    return tuple((line, message) for line, message, _, _ in extracted)


def read(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as po:
        return read_po(po)


def update(language: str, names: list[str] | None = None) -> list[str]:
    """Rewrite the catalogs of `language`; returns one line per catalog changed."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    changes = []
    known = {message_id: next(iter(ways)) for message_id, ways in translations_of(language).items()}
    for name, paths in sources().items():
        if names and name not in names and name.removeprefix("hidden/") not in names:
            continue
        path = catalog_file(language, name)
        old = read(path) if path.is_file() else None
        catalog = Catalog(locale=language, project="torch-course-kit", version="0.1",
                          header_comment=f"# {name}: texts of the grader in {language} "
                                         "(see grader/i18n.py).",
                          creation_date=STAMP, revision_date=STAMP, fuzzy=False)
        for message_id, locations in extract(paths).items():
            kept = old.get(message_id) if old is not None else None
            # A text another catalog translates already starts with that translation.
            string = kept.string if kept is not None and kept.string else (
                (known.get(message_id, ""),) if isinstance(message_id, tuple)
                else known.get(message_id, ""))
            catalog.add(message_id, string, locations=locations)
        new = {m.id for m in catalog if m.id}
        if not new:  # a module with nothing to say (hidden/ch09, say) needs no catalog
            path.unlink(missing_ok=True)
            continue
        before = {m.id for m in old if m.id} if old is not None else set()
        if new != before or old is None:
            changes.append(f"{path.relative_to(KIT_ROOT)}: {len(new - before)} new, "
                           f"{len(before - new)} dropped")
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as po:
            write_po(po, catalog, width=100, include_lineno=False)
    return changes


def problems(language: str) -> list[str]:
    """Every text of the code without a translation in `language`, every translation that
    loses or invents a {field}, and every catalog entry the code no longer says."""
    found = []
    for name, paths in sources().items():
        path = catalog_file(language, name)
        said = extract(paths)
        catalog = read(path) if path.is_file() else None
        for message_id, locations in said.items():
            entry = catalog.get(message_id) if catalog is not None else None
            string = entry.string if entry is not None else ""
            if isinstance(string, (tuple, list)):
                string = string[0] if string else ""
            where = "{}:{}".format(*locations[0])
            english = message_id[1] if isinstance(message_id, tuple) else message_id
            if not string or (entry is not None and entry.fuzzy):
                found.append(f"{where}: no {language} translation of {english!r}")
            elif fields_of(string) != fields_of(english):
                found.append(f"{where}: the {language} translation of {english!r} has fields "
                             f"{sorted(fields_of(string))}, the text {sorted(fields_of(english))}")
        if catalog is not None:
            for entry in catalog:
                if entry.id and entry.id not in said:
                    found.append(f"{path.relative_to(KIT_ROOT)}: {entry.id!r} is no longer "
                                 "said by the code (run `python -m grader translations update`)")
    return found


def translations_of(language: str) -> dict:
    """msgid -> {translation: [catalogs that give it]}, across every catalog of `language`."""
    found: dict = {}
    for name in sources():
        path = catalog_file(language, name)
        if path.is_file():
            for entry in read(path):
                string = entry.string[0] if isinstance(entry.string, (tuple, list)) \
                    else entry.string
                if entry.id and string:
                    found.setdefault(entry.id, {}).setdefault(string, []).append(name)
    return found


def disagreements(language: str) -> list[str]:
    """Texts that two catalogs translate differently: at run time one of them would win
    for every chapter, so each text has one translation."""
    return [f"{message_id!r} is translated {len(ways)} ways: "
            + "; ".join(f"{catalogs} {string!r}" for string, catalogs in ways.items())
            for message_id, ways in translations_of(language).items() if len(ways) > 1]


def unify(language: str) -> int:
    """Give each text translated several ways one translation: core's, else the one most
    catalogs give (the earliest chapter's on a tie). Returns how many texts changed."""
    chosen = {}
    for message_id, ways in translations_of(language).items():
        if len(ways) > 1:
            chosen[message_id] = max(ways.items(), key=lambda way: (
                "core" in way[1], len(way[1]),
                [-int(n.removeprefix("hidden/")[2:]) for n in way[1] if n != "core"]))[0]
    from babel.messages.pofile import write_po

    for name in sources():
        path = catalog_file(language, name)
        if not path.is_file():
            continue
        catalog = read(path)
        for entry in catalog:
            if entry.id in chosen:
                entry.string = ((chosen[entry.id],) if isinstance(entry.id, tuple)
                                else chosen[entry.id])
        with path.open("wb") as po:
            write_po(po, catalog, width=100, include_lineno=False)
    return len(chosen)


def main(action: str, names: list[str]) -> int:
    if action == "unify":
        for language in TRANSLATED:
            print(f"{language}: {unify(language)} text(s) given one translation")
        return 0
    if action == "update":
        for language in TRANSLATED:
            for line in update(language, names or None):
                print(line)
    missing = [line for language in TRANSLATED
               for line in problems(language) + disagreements(language)]
    for line in missing:
        print(line, file=sys.stderr)
    if action == "check" or missing:
        print(f"{len(missing)} translation problem(s)" if missing else "every text is translated",
              file=sys.stderr if missing else sys.stdout)
    return 1 if missing else 0
