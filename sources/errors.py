"""The sources package's error."""

from __future__ import annotations


class SourceError(Exception):
    """An input cannot be read as articles; the message names the input and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Pickle by (source, reason), so errors cross process boundaries intact."""
        return (type(self), (self.source, self.reason))
