"""The intake's one error type: a stable code, a Danish message, an English command line."""

from __future__ import annotations

from councils.importer.errors import ImporterError


class FileRefused(ImporterError):
    """A file the archive will not take (or whose text cannot be read safely).

    - ``code``: stable and machine-readable (``"too_large"``, ``"unpacks_too_large"``, …); stored on
      an upload as ``error_code``.
    - ``message``: Danish (marked for translation), for secretaries: what is wrong and what
      to do; it names the file.
    - ``cli``: one English line for the ``import_referater`` command.

    It is an ``ImporterError``, so every caller of the importer handles it already.
    """

    def __init__(self, code: str, message: str, cli: str):
        super().__init__(str(message), code)
        self._cli = cli

    @property
    def cli(self) -> str:
        return self._cli
