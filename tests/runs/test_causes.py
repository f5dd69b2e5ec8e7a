"""A failed run's cause in one line, from the messages of its errors (outermost first)."""

from pipelines.runs.causes import failure_cause


def test_a_full_disk_is_named_with_its_path_whatever_wraps_it():
    cause = failure_cause(['Error occurred while executing op "extracted_reports":',
                           "OSError: [Errno 28] No space left on device: '/mnt/wh/.runs/r1/x.pickle'\n"])
    assert cause == ("disk full: no space left on device (/mnt/wh/.runs/r1/x.pickle): "
                     "OSError: [Errno 28] No space left on device: '/mnt/wh/.runs/r1/x.pickle'")


def test_a_read_only_warehouse_and_a_corrupt_database_are_named():
    assert failure_cause(["OSError: [Errno 30] Read-only file system: '/wh/.run.lock'"]).startswith(
        "the warehouse is on a read-only file system (/wh/.run.lock): ")
    assert failure_cause(['IO Error: Corrupt database file: computed checksum 5381 does not match stored '
                          'checksum 0 in block at location 274432']).startswith("corrupt database: IO Error")


def test_any_other_error_is_its_innermost_message_first_line():
    messages = ["step failed", "ValueError: expectation suite x.json cannot be read: bad\nmore"]
    assert failure_cause(messages) == "ValueError: expectation suite x.json cannot be read: bad"
    assert failure_cause([]) == "the run failed (no error was reported)"
