"""The error a record file that cannot be read raises, naming the file, page and row (also how an unread row is
reported)."""

from __future__ import annotations


class RecordsError(ValueError):
    """A record file (or a row of it) that cannot be read as laid out; the message names the file, page and row."""

    def __init__(self, name: str, message: str, *, page: int | None = None, row: int | None = None):
        self.name, self.page, self.row, self.reason = name, page, row, message
        where = name
        if self.where:
            where += f": {self.where}"
        super().__init__(f"{where}: {message}")

    @property
    def where(self) -> str:
        """Where in the file: "page 2, row 3", "page 2", or "" for the whole file."""
        if self.page is None:
            return ""
        return f"page {self.page}" + (f", row {self.row}" if self.row is not None else "")

    def to_plain(self) -> dict:
        """The error as plain data (its name, reason, page and row), to cross a process boundary."""
        return {"name": self.name, "message": self.reason, "page": self.page, "row": self.row}

    @classmethod
    def from_plain(cls, data: dict) -> "RecordsError":
        return cls(data["name"], data["message"], page=data["page"], row=data["row"])

    def in_file(self) -> str:
        """The message without the file's name: "page 2, row 3: column arrests: 'two' is not a whole number"."""
        return f"{self.where}: {self.reason}" if self.where else self.reason
