"""The cause of a failed run in one line, for a person: from the chain of errors a failed step raised
(outermost first), name what went wrong (disk full, a read-only or
unwritable warehouse, a corrupt database, a missing expectation suite) rather than a count of failed
checks or a traceback. Only classifying and wording belong here; collecting the errors from Dagster's
events is `pipelines.defs.runner`.
"""

from __future__ import annotations

import re

_PATH = re.compile(r"""(?:: |file |")['"]?(/[^'"\n]+)['"]?""")
_KINDS = (  # (words any error of the chain says, what the person is told)
    (("[errno 28]", "no space left on device"), "disk full: no space left on device"),
    (("[errno 30]", "read-only file system"), "the warehouse is on a read-only file system"),
    (("[errno 13]", "permission denied"), "permission denied"),
    (("corrupt database file", "not a valid duckdb database", "could not read enough bytes"),
     "corrupt database"),
)


def failure_cause(messages: list[str]) -> str:
    """One line saying why a run failed, from its errors' messages, outermost first."""
    messages = [m for m in messages if m]
    if not messages:
        return "the run failed (no error was reported)"
    for words, said in _KINDS:
        for message in messages:
            if any(w in message.lower() for w in words):
                path = _PATH.search(message)
                return f"{said}{f' ({path.group(1)})' if path else ''}: {_first_line(message)}"
    return _first_line(messages[-1])  # the innermost: the original error ("OSError: ...")


def _first_line(message: str) -> str:
    line = message.strip().splitlines()[0] if message.strip() else ""
    return line[:400]
