"""pipelines/quality/gx_import.py: Great Expectations loads without scipy.stats and altair, and whatever
uses them afterwards (GX's own KL divergence expectation included) gets the real modules. In a fresh
interpreter each time: the test process may have imported all three already."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _fresh(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_gx_loads_without_the_deferred_modules_and_they_load_when_used():
    seen = _fresh("""
import json, sys
from pipelines.quality.gx_import import import_great_expectations
gx = import_great_expectations()
heavy = ["scipy.stats._stats_py", "scipy.stats._distn_infrastructure", "altair.vegalite"]
before = [m for m in heavy if m in sys.modules]
from scipy import stats
entropy = float(stats.entropy([0.5, 0.5], [0.25, 0.75]))
import scipy
import altair
from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl
print(json.dumps({"gx": gx.__name__, "before": before, "entropy": entropy,
                  "after": [m for m in heavy if m in sys.modules],
                  "one_stats": kl.stats.entropy is scipy.stats.entropy is sys.modules["scipy.stats"].entropy,
                  "real_stats": type(sys.modules["scipy.stats"]).__name__,
                  "chart": kl.alt.Chart is altair.Chart is sys.modules["altair"].Chart}))
""")
    assert seen["gx"] == "great_expectations"
    assert seen["before"] == []  # not loaded by GX's import
    # KL divergence of (1/2, 1/2) from (1/4, 3/4): 1/2 ln 2 + 1/2 ln(2/3), by hand 0.1438410362
    assert abs(seen["entropy"] - 0.1438410362) < 1e-9
    assert seen["after"] == ["scipy.stats._stats_py", "scipy.stats._distn_infrastructure"]
    assert seen["one_stats"] and seen["real_stats"] == "module"
    assert seen["chart"]


def test_a_module_imported_before_gx_is_left_as_it_is():
    seen = _fresh("""
import json, sys
import scipy.stats
real = sys.modules["scipy.stats"]
from pipelines.quality.gx_import import import_great_expectations
import_great_expectations()
altair = type(sys.modules["altair"]).__name__
print(json.dumps({"same": sys.modules["scipy.stats"] is real, "altair": altair}))
""")
    assert seen == {"same": True, "altair": "_Deferred"}


def test_a_module_that_is_not_installed_is_not_deferred():
    from pipelines.quality.gx_import import defer

    defer("no_such_package.sub")
    defer("no_such_module_here")
    assert "no_such_package.sub" not in sys.modules and "no_such_module_here" not in sys.modules


def test_a_submodule_imported_first_is_loaded_once():
    """`import scipy.stats._x` before anything reads scipy.stats: the real package loads that submodule
    itself, and the import gets that copy (a second one would make two copies of its classes)."""
    seen = _fresh("""
import gc, json, pickle, sys, types
from pipelines.quality.gx_import import import_great_expectations
import_great_expectations()
import scipy.stats._distn_infrastructure as infra
import scipy.stats
import altair.vegalite as vegalite
import altair
copies = [m for m in gc.get_objects() if isinstance(m, types.ModuleType)
          and m.__name__ in ("scipy.stats._distn_infrastructure", "altair.vegalite")]
norm = pickle.loads(pickle.dumps(scipy.stats.norm))
print(json.dumps({
    "copies": sorted(m.__name__ for m in copies),
    "same_module": infra is sys.modules[infra.__name__] is scipy.stats._distn_infrastructure,
    "norm_is_continuous": isinstance(scipy.stats.norm, infra.rv_continuous),
    "unpickled": type(norm) is type(scipy.stats.norm),
    "loader": type(infra.__spec__.loader).__name__,
    "altair": vegalite is altair.vegalite and altair.Chart is vegalite.Chart,
}))
""")
    assert seen == {"copies": ["altair.vegalite", "scipy.stats._distn_infrastructure"], "same_module": True,
                    "norm_is_continuous": True, "unpickled": True, "loader": "SourceFileLoader",
                    "altair": True}
