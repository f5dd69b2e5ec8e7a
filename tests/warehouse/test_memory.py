"""A run's steps allocate Arrow memory with the system allocator (it gives large freed buffers back)."""

import subprocess
import sys

from tests.reliability.helpers import ROOT

# The allocator is process-wide, so each case runs in a child and the test process keeps its own.
CHILD = """
import dagster as dg
import pyarrow as pa
from pipelines.defs.resources import WarehouseResource
assert pa.default_memory_pool().backend_name != "system", pa.default_memory_pool().backend_name
resource = WarehouseResource(path={warehouse!r})
for _ in range(2):  # idempotent: a process may run the job again
    with dg.build_resources({{"warehouse": resource}}):
        pass
print(pa.default_memory_pool().backend_name)
"""


def test_the_warehouse_resource_switches_its_process_to_the_system_allocator(tmp_path):
    out = subprocess.run([sys.executable, "-c", CHILD.format(warehouse=str(tmp_path / "warehouse"))],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "system"
