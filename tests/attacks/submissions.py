"""Submissions that only replay the answers a recorder table holds (see tests.attacks)."""

import inspect
import pickle
import shutil
from pathlib import Path

from tests.attacks import digest as digest_module
from tests.grading import ROOT

DIGEST_SOURCE = inspect.getsource(digest_module).split('"""', 2)[2]

LOOKUP = '''

# ---- no work of its own: every function looks its arguments up in a recorded table
import pickle as _pickle
{digest}
with open({table!r}, "rb") as _file:
    _ANSWERS = _pickle.load(_file)["functions"]


def _answer(_module, _name):
    def answer(*args, **kwargs):
        key = (_module, _name, digest((args, kwargs)))
        return _ANSWERS.get(key, _ANSWERS[(_module, _name, "any")])
    answer.__name__ = answer.__qualname__ = _name
    return answer


for _name in {names!r}:
    globals()[_name] = _answer({module!r}, _name)
'''

PATCH_PROBES = '''
# ---- no work of its own: the grader's probes are replaced by recorded observations
import importlib as _importlib
import pickle as _pickle
{digest}
with open({table!r}, "rb") as _file:
    _OBSERVED = _pickle.load(_file)["probes"]


def _replay(_probe):
    def replay(code, *args, **kwargs):
        return _OBSERVED.get((_probe, digest((args, kwargs))), _OBSERVED[(_probe, "any")])
    return replay


for (_probe, _key) in list(_OBSERVED):
    _module_name, _name = _probe.split(":")
    if _key == "any" and _module_name.endswith({chapter!r}):
        _module = _importlib.import_module(_module_name)
        _function = _replay(_probe)
        _function.__module__, _function.__name__, _function.__qualname__ = (
            _module_name, _name, _name)
        setattr(_module, _name, _function)
'''


def load_table(path: Path) -> dict:
    with open(path, "rb") as file:
        return pickle.load(file)


def _stubs(root: Path, chapters: list[str]) -> Path:
    for chapter in chapters:
        shutil.copytree(ROOT / "exercises" / chapter, root / "exercises" / chapter,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return root


def lookup_submission(root: Path, table: Path, chapters: list[str]) -> Path:
    """The stubs, each function of which returns the reference's recorded answer."""
    functions = load_table(table)["functions"]
    _stubs(root, chapters)
    for chapter in chapters:
        for source in sorted((root / "exercises" / chapter).glob("*.py")):
            module = f"{chapter}.{source.stem}"
            names = sorted({name for (m, name, _) in functions if m == module})
            if names:
                source.write_text(source.read_text() + LOOKUP.format(
                    digest=DIGEST_SOURCE, table=str(table), names=names, module=module))
    return root


def probe_patching_submission(root: Path, table: Path, chapters: list[str]) -> Path:
    """The stubs, with a package __init__ that makes the probes replay their observations."""
    _stubs(root, chapters)
    for chapter in chapters:
        init = root / "exercises" / chapter / "__init__.py"
        init.write_text(init.read_text() + PATCH_PROBES.format(
            digest=DIGEST_SOURCE, table=str(table), chapter=f".{chapter}"))
    return root
