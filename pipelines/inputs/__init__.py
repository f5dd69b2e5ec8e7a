"""The input set of a run: the files in raw/ listed and hashed (`inventory`), their extractions resolved
into one per report with duplicates and conflicts named (`resolve`), and each file's status, spelled only
in `statuses` (extracted, duplicate, conflict, error; then published, held_back; removed).

Belongs here: reading raw/ safely and deciding what each file contributes. Not here: parsing a report
(`extract`), the warehouse (`warehouse`), the quality gate (`quality`). No Dagster.
"""
