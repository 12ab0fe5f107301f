"""DeclarationError and the author call-site lookup.

Every mistake is reported at the line of the author's file that made it, not inside this
package, so the error message points where the fix belongs.
"""
from __future__ import annotations

import os
import sys

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _is_sdk_file(filename: str) -> bool:
    if not filename or filename.startswith("<"):
        # Frozen importlib frames sit between the emitter and the author's module.
        return filename.startswith("<frozen")
    path = os.path.abspath(filename)
    return os.path.dirname(path) == _PACKAGE_DIR


def caller_site():
    """(file, line) of the innermost frame outside the mvmforge package, or (None, None)."""
    frame = sys._getframe(1)
    while frame is not None:
        if not _is_sdk_file(frame.f_code.co_filename):
            return frame.f_code.co_filename, frame.f_lineno
        frame = frame.f_back
    return None, None


def is_sdk_file(filename: str) -> bool:
    return _is_sdk_file(filename)


class DeclarationError(Exception):
    """A workload declaration mistake, located at the author's call site (`file`, `line`)."""

    def __init__(self, message: str, file=None, line=None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        if self.file is not None and self.line is not None:
            return "%s:%d: %s" % (self.file, self.line, self.message)
        return self.message


def fail(message: str, site=None):
    """Raise DeclarationError at `site` (a (file, line) pair) or at the current author call site."""
    if site is None:
        file, line = caller_site()
    else:
        file, line = site
    raise DeclarationError(message, file, line)
