"""Getting reports from where HMIP publishes them into raw/, and saying where each file came from.

Belongs here: the sources list (`sources.csv`), downloading over HTTP(S) with its safety limits, choosing
the report's PDF on a report page, writing a file and its provenance record (`<file>.source.json`) into
raw/ atomically, and reading those records back. Pure of Dagster: `pipelines.defs` and `pipelines.cli`
call in. Parsing a report's contents does not belong here (`pipelines.extract`), nor listing raw/
(`pipelines.inputs.inventory`).
"""
