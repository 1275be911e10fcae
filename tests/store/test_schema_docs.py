"""docs/schema.md is generated from the real schema and must not drift from it."""

from pathlib import Path

from lfrwatch import store
from lfrwatch.publish.export import schema_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"
REGENERATE = "lfrwatch schema --format markdown --db :memory: > docs/schema.md   (or: make schema-docs)"


def test_schema_doc_is_up_to_date():
    current = schema_markdown(store.open_db(":memory:"))
    assert DOC.exists(), f"docs/schema.md is missing; generate it with: {REGENERATE}"
    assert DOC.read_text(encoding="utf-8") == current, f"docs/schema.md is out of date; regenerate it with: {REGENERATE}"


def test_the_command_prints_the_same_document(cli_run):
    result = cli_run("schema", "--format", "markdown", "--db", ":memory:")
    assert result.exit_code == 0 and result.stdout == schema_markdown(store.open_db(":memory:"))


def test_every_table_and_column_is_described():
    db = store.open_db(":memory:")
    text = schema_markdown(db)
    for table in db.table_names():
        if table.startswith("sqlite_") or "_fts" in table:
            continue
        assert f"### `{table}`" in text
        assert store.TABLE_DOCS.get(table), f"store.TABLE_DOCS has no description of {table}"
        for column in db[table].columns:
            assert store.COLUMN_DOCS.get(table, {}).get(column.name), f"{table}.{column.name} is not described"
    assert "| `first_seen` | TEXT |  | Date the claim was first made" in text
    assert "| `document_id` | INTEGER | → `documents.id` |" in text
