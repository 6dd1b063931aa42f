"""One error type per kind of user mistake; the CLI turns each into one line."""

from __future__ import annotations


class MsckgError(Exception):
    """Base of the errors a user can fix. Carries where and how."""

    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class InputError(MsckgError):
    """A file is missing, unreadable, malformed or in a format not read."""


class VocabularyError(MsckgError):
    """Data use a class or property that the ontology does not define."""


class ProvenanceError(MsckgError):
    """A fact lacks its source sentence, or quotes text the source does not hold."""


class ValidationError(MsckgError):
    """Data break a SHACL shape (unit missing, value out of range ...)."""


class InconsistencyError(MsckgError):
    """The reasoner found the ontology and data inconsistent."""


class ReasonerError(MsckgError):
    """The reasoner could not run."""


class NotFoundError(MsckgError):
    """A name or query asked for is not known."""

    exit_code = 1
