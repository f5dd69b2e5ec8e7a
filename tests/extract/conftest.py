"""Shared fixtures for the extraction tests: the two sample reports' bytes and their extractions."""

from __future__ import annotations

import pathlib

import pytest

from pipelines.extract import Extraction, extract_bytes

RAW = pathlib.Path(__file__).resolve().parents[2] / "raw"
SAMPLES = ("wigan-pdu-2023-05.txt", "tameside-pdu-2023-05.txt")


def sample_bytes(name: str) -> bytes:
    return (RAW / name).read_bytes()


def sample_text(name: str) -> str:
    return sample_bytes(name).decode("utf-8")


_CACHE: dict[str, Extraction] = {}


def extracted(name: str) -> Extraction:
    if name not in _CACHE:
        _CACHE[name] = extract_bytes(sample_bytes(name), name)
    return _CACHE[name]


@pytest.fixture(scope="session")
def wigan() -> Extraction:
    return extracted("wigan-pdu-2023-05.txt")


@pytest.fixture(scope="session")
def tameside() -> Extraction:
    return extracted("tameside-pdu-2023-05.txt")
