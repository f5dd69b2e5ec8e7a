"""Run `hmip` in this process with the network cut off, optionally making one raw file disappear between
the listing of raw/ and the reading of the files. Used by the reliability tests as a subprocess:

    python -m tests.reliability.guarded_run --connections LOG [--vanish NAME] -- run --raw R --warehouse W

Every attempt to open an internet connection or resolve a host name fails and is appended to LOG, so the
test can assert that there were none (an attempt caught and ignored by a library still shows up).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path


def cut_network(log: Path) -> None:
    def refuse(what: str) -> None:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(what + "\n")
        raise OSError(f"network disabled by the test: {what}")

    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            refuse(f"connect {address!r}")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            refuse(f"connect_ex {address!r}")
        return real_connect_ex(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        refuse(f"getaddrinfo {host!r}")
        return []

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]


def vanish_after_listing(name: str) -> None:
    """Remove raw/<name> right after the pipeline lists raw/, before any file is read."""
    import pipelines.defs.assets as assets

    listed = assets.scan_raw

    def scan_then_remove(raw_dir: Path, *args: object, **kwargs: object) -> list:
        files = listed(raw_dir, *args, **kwargs)
        assert any(f.name == name for f in files), f"{name} was not listed"
        os.remove(Path(raw_dir) / name)
        return files

    assets.scan_raw = scan_then_remove  # type: ignore[assignment]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=Path, required=True)
    parser.add_argument("--vanish")
    parser.add_argument("hmip_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    hmip_args = args.hmip_args[1:] if args.hmip_args[:1] == ["--"] else args.hmip_args
    args.connections.touch()
    cut_network(args.connections)
    if args.vanish:
        vanish_after_listing(args.vanish)
    from pipelines.cli import main as hmip

    return hmip(hmip_args)


if __name__ == "__main__":
    sys.exit(main())
