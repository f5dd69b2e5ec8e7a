"""How Great Expectations is imported: with the modules it loads for expectations this project's rules
never use put off until something uses them. No GX import here (this runs before GX's); what GX is
given and what its results mean belong in `gx_runner` and `gate`, corrections to its code in `gx_fixes`.

GX 1.24.1 imports scipy.stats and altair as it loads, for the KL divergence and distribution tests and
their charts: here 0.6 and 0.3 s of its 1.9 s import, paid by every run that validates (the two-report
run's quality step, and most of what its run costs above the work itself). Each is put in `sys.modules`
as a stand-in that imports the real module on its first attribute read, so GX loads without them and
anything that does use them, GX included, gets the real module then (also when its first use is an import
of one of its submodules: `_SubmoduleFinder`). tests/quality/test_gx_import.py.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import threading
import types
from typing import Any

DEFERRED = ("scipy.stats", "altair")
_lock = threading.RLock()
_deferred: set[str] = set()  # the names given to `defer`


class _Deferred(types.ModuleType):
    """Stands in `sys.modules` for a module until one of its attributes is read."""

    def __getattr__(self, attr: str) -> Any:
        return getattr(_real(self.__name__), attr)


def _real(name: str) -> types.ModuleType:
    with _lock:
        if isinstance(sys.modules.get(name), _Deferred):
            # gone from its parent too, or the real module's own `from parent import child` would find
            # the stand-in while the real one is being loaded
            del sys.modules[name]
            parent, _, child = name.rpartition(".")
            if parent and isinstance(getattr(sys.modules[parent], child, None), _Deferred):
                delattr(sys.modules[parent], child)
        return importlib.import_module(name)  # also sets it on its parent package, as any import does


class _AsLoaded(importlib.abc.Loader):
    """Loads a module that is already loaded: itself, untouched (see `_SubmoduleFinder`)."""

    def __init__(self, module: types.ModuleType):
        self.module, self.spec = module, module.__spec__

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return self.module

    def exec_module(self, module: types.ModuleType) -> None:
        module.__spec__ = self.spec  # the import system set it to this loader's spec


class _SubmoduleFinder(importlib.abc.MetaPathFinder):
    """A submodule imported before its deferred package was used (`import scipy.stats._x` first): Python
    reads the stand-in's `__path__`, which loads the real package, which may import that very submodule;
    Python would then load it a second time (two copies of its classes). This finder, first in
    `sys.meta_path`, hands Python the copy the package loaded."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name not in sys.modules or not any(name.startswith(d + ".") for d in _deferred):
            return None
        return importlib.util.spec_from_loader(name, _AsLoaded(sys.modules[name]))


_FINDER = _SubmoduleFinder()


def defer(name: str) -> None:
    """Put off importing `name` (not yet imported, and installed) until an attribute of it is read."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)  # imports the parent package (scipy's is light)
    except ModuleNotFoundError:  # no parent package: nothing to put off
        return
    if spec is None:
        return
    stand_in = _Deferred(name)
    stand_in.__spec__ = spec  # what `import name` checks; any other attribute loads the real module
    sys.modules[name] = stand_in
    _deferred.add(name)
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, stand_in)  # for `from parent import child`


def import_great_expectations() -> types.ModuleType:
    """great_expectations, imported (the first time) with `DEFERRED` put off, and `gx_fixes` applied."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")  # never phone home
    if "great_expectations" not in sys.modules:
        for name in DEFERRED:
            defer(name)
    import great_expectations

    from pipelines.quality import gx_fixes  # noqa: F401  (same results, less time: see the module)

    return great_expectations
