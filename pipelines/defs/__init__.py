"""Dagster wiring, and the only place that imports Dagster: assets, asset checks, schedules, sensors,
resources, the in-process runner of `hmip run` (`runner`), the release of runs a killed process left
behind (`recovery`), the instance class of dagster-instance.yaml (`instance`) and preparing a fresh
DAGSTER_HOME's databases once (`home`). Each asset or check is a few lines that call one plain function
from a stage package; parsing, loading, validating, publishing and deciding outcomes do not belong here.
"""
