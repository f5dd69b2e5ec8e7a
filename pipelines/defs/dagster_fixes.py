"""Corrections to Dagster internals this project runs into, applied when the code location loads
(`pipelines.definitions` imports this module, so `hmip run`, the daemon's run workers and the UI all get
them). Each says what is wrong in the pinned Dagster, which test shows it, and when to remove it. Nothing
else belongs here.
"""

from __future__ import annotations

import time

from dagster._core.execution.plan.instance_concurrency_context import InstanceConcurrencyContext


def _interval_to_next_pending_claim_check(self: InstanceConcurrencyContext) -> float:
    """Seconds until the earliest pending pool claim may be tried again, never less than 0.

    Dagster 1.13.27 returns `min([0, *intervals])`, which is never above 0, so a step waiting for a
    pool slot that another run holds (two runs under one DAGSTER_HOME: pool `warehouse`, limit 1) makes
    the executor's loop try again without ever sleeping: one core at 100% for as long as it waits
    (dagster-io/dagster pull request 20367 described it in 2024 and is closed; the pinned version still
    has it). With this, the loop sleeps until the back-off Dagster computed (1 s, growing to 15 s) passes.
    tests/defs/test_pool_wait.py; remove when Dagster's own method no longer returns at most 0.
    """
    if not self._pending_claims:
        return 0.0
    now = time.time()
    waits = [self._pending_timeouts[key] - now for key in self._pending_claims
             if key in self._pending_timeouts]
    return max(0.0, min(waits)) if waits else 0.0


InstanceConcurrencyContext.interval_to_next_pending_claim_check = _interval_to_next_pending_claim_check
