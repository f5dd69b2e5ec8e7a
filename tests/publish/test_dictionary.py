from pathlib import Path

from pipelines.schema import TABLES, data_dictionary_markdown

DICTIONARY = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"


def test_data_dictionary_is_up_to_date_with_the_schema():
    written = DICTIONARY.read_text(encoding="utf-8")
    assert written.rstrip("\n") == data_dictionary_markdown().rstrip("\n"), (
        "docs/data-dictionary.md is stale: regenerate it with `make dictionary`"
    )


def test_data_dictionary_names_every_table_and_column():
    written = DICTIONARY.read_text(encoding="utf-8")
    assert "## `key_questions`" in written
    assert "| `yes_pct` | DOUBLE | yes | Percentage of inspected cases judged 'Yes' (0-100). |" in written
    for table in TABLES:
        for column in table.columns:
            assert f"| `{column.name}` | {column.type} |" in written
