"""The error a record file that cannot be read raises, naming the file, page and row."""

from __future__ import annotations


class RecordsError(ValueError):
    """A record file that cannot be read as laid out; the message names the file, page and row."""

    def __init__(self, name: str, message: str, *, page: int | None = None, row: int | None = None):
        self.name, self.page, self.row, self.reason = name, page, row, message
        where = name
        if page is not None:
            where += f": page {page}"
        if row is not None:
            where += f", row {row}"
        super().__init__(f"{where}: {message}")
