"""The one exception root of darkfleet and its structured subclasses.

Every error a user can provoke derives from `DarkfleetError`. The CLI maps them to exit codes in
one place (`darkfleet.cli`): `InputError` and its subclasses exit 1, `UsageError` exits 2.
"""

from __future__ import annotations

from pathlib import Path


class DarkfleetError(Exception):
    """Root of every error darkfleet raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(DarkfleetError):
    """The input was bad. `path` and `line` (1-based) say where, when known."""

    def __init__(
        self, message: str, *, path: str | Path | None = None, line: int | None = None
    ) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(message)

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class DecodeError(InputError):
    """An AIS sentence or message could not be decoded; `reason` is a short code."""

    def __init__(
        self,
        message: str,
        *,
        reason: str,
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        self.reason = reason
        super().__init__(message, path=path, line=line)


class ConfigError(InputError):
    """A setting or a config file is invalid; `field` names the setting."""

    def __init__(self, message: str, *, field: str | None = None, path: str | None = None) -> None:
        self.field = field
        super().__init__(message, path=path)


class StoreError(InputError):
    """The workspace is missing, empty where data is needed, or corrupt."""


class ScreeningError(InputError):
    """A sanctions list could not be parsed or a screening query is invalid."""


class EstimationError(InputError):
    """An estimate was asked with invalid inputs (unknown munition, negative count...)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class EvidenceError(InputError):
    """A claim, observation or case file is invalid; `field` names what is wrong."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        self.field = field
        super().__init__(message, path=path, line=line)


class ReportError(InputError):
    """A report could not be written."""


class UsageError(DarkfleetError):
    """The command was called wrongly (exit code 2)."""

    exit_code = 2


class MissingExtraError(DarkfleetError):
    """An optional dependency is not installed; `extra` names the darkfleet extra that has it."""

    def __init__(self, what: str, extra: str) -> None:
        self.what = what
        self.extra = extra
        super().__init__(f"{what} is not installed; install it with: "
                         f'pip install "darkfleet[{extra}]" (or "darkfleet[all]")')


class SchemaError(StoreError):
    """A table written to the workspace does not match its declared schema
    (`darkfleet.store.schema.TABLES`); `table` and `column` say where, `expected` and `actual`
    what was declared and what came."""

    def __init__(self, message: str, *, table: str, column: str | None,
                 expected: str | None = None, actual: str | None = None) -> None:
        self.table = table
        self.column = column
        self.expected = expected
        self.actual = actual
        super().__init__(message)
