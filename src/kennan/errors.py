"""One error hierarchy for kennan, with stable codes.

Every error carries a ``code`` (tests assert the code, never the wording) and a
message that states the fix: the option, value or file that resolves it.
Callers can catch :class:`KennanError` to catch "anything from kennan".
"""

from __future__ import annotations


class KennanError(Exception):
    """Base of every error kennan raises on purpose."""

    code = "K000"

    def __init__(self, message: str, *, code: str | None = None, path: str | None = None,
                 record: int | None = None, field: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.path = path
        self.record = record
        self.field = field

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(str(self.path))
        if self.record is not None:
            where.append(f"record {self.record}")
        if self.field:
            where.append(f"field {self.field!r}")
        prefix = f"[{self.code}] "
        return prefix + (": ".join([", ".join(where), self.message]) if where else self.message)


class ConfigError(KennanError):
    """A bad option, value or configuration file."""

    code = "C000"


class StoreError(KennanError):
    """The store cannot be opened, migrated or written."""

    code = "S000"


class IngestError(KennanError):
    """A document or record could not be ingested. Becomes a failure row."""

    code = "I000"


class ExtractError(KennanError):
    """Statement extraction failed for a document."""

    code = "E000"


class MatchError(KennanError):
    """Claim matching or narrative clustering failed."""

    code = "M000"


class TraceError(KennanError):
    """Provenance tracing or drift scoring failed."""

    code = "T000"


class NotFound(KennanError):
    """A requested id does not exist in the store."""

    code = "N404"


class WebError(KennanError):
    """A bad web request (parameter, token) or server option; ``status`` is the HTTP status."""

    code = "W000"
    status = 400

    def __init__(self, message: str, *, status: int = 400, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.status = status


# Stable ingest failure codes: stored in failure rows, asserted by tests.
INGEST_CODES: dict[str, str] = {
    "I001": "empty input",
    "I002": "binary input",
    "I003": "undecodable text",
    "I004": "truncated or corrupt compressed stream",
    "I005": "malformed record (JSON/CSV line)",
    "I006": "no main text found",
    "I007": "file over the size limit",
    "I008": "unsupported format",
    "I009": "bad front matter",
    "I010": "truncated or corrupt WARC",
    "I011": "malformed feed",
    "I012": "unreadable path",
    "I013": "record has no text field",
}
