"""The emitter: load an entry file, build its IR, write the bytes (python-sdk.md §6).

stdout carries nothing but the IR bytes. While the author's file runs, both `sys.stdout` and file
descriptor 1 point at stderr, so print() calls and child processes cannot corrupt the IR stream.
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile

from . import _registry
from ._errors import DeclarationError, is_sdk_file

USAGE = """usage: python3 -m mvmforge ENTRY.py
       python3 -m mvmforge --version

Imports ENTRY.py (a workload declared with `import mvmforge as mv`) and writes its Workload IR
as canonical JSON: to the file named by MVMFORGE_IR_OUT when set, else to stdout.
Exit status: 0 ok, 1 load or declaration error, 2 usage error or missing entry.
"""

PREFIX = "mvmforge.emit: "


class _EmitFailure(Exception):
    """A load/declaration/output failure already formatted as one line (exit 1)."""


def _err(line: str) -> None:
    sys.stderr.write(PREFIX + line + "\n")
    sys.stderr.flush()


def _debug() -> bool:
    return os.environ.get("MVMFORGE_DEBUG") == "1"


class _Display(object):
    """Shows file names the way the author typed the entry; other files relative to cwd when inside it."""

    def __init__(self, entry_arg: str):
        self.entry_arg = entry_arg
        self.entry_abs = os.path.abspath(entry_arg)
        self.cwd = os.getcwd()

    def __call__(self, filename) -> str:
        if filename is None:
            return self.entry_arg
        absolute = os.path.abspath(filename)
        if absolute == self.entry_abs:
            return self.entry_arg
        if absolute.startswith(self.cwd + os.sep):
            return os.path.relpath(absolute, self.cwd)
        return absolute


def _describe_exception(err: BaseException, display: _Display) -> str:
    if isinstance(err, DeclarationError):
        if err.file is None:
            if err.message == "no workload declared":
                return "no workload declared in %s" % display.entry_arg
            return "%s: %s" % (display.entry_arg, err.message)
        return "%s:%s: %s" % (display(err.file), err.line, err.message)
    if isinstance(err, SyntaxError) and err.filename:
        where = "%s:%s" % (display(err.filename), err.lineno) if err.lineno else display(err.filename)
        return "%s: %s: %s" % (where, type(err).__name__, err.msg)
    import traceback  # only on failure: every emit would otherwise pay its import

    text = "%s: %s" % (type(err).__name__, err)
    frame = None
    for tb_frame, lineno in traceback.walk_tb(err.__traceback__):
        if not is_sdk_file(tb_frame.f_code.co_filename):
            frame = (tb_frame.f_code.co_filename, lineno)
    if frame is None:
        return "%s: %s" % (display.entry_arg, text)
    return "%s:%s: %s" % (display(frame[0]), frame[1], text)


class _StdoutToStderr(object):
    """Points sys.stdout and fd 1 at stderr for the duration; restores both afterwards."""

    def __enter__(self):
        for stream in (sys.stdout, sys.__stdout__):
            _flush(stream)
        self.saved_stdout = sys.stdout
        try:
            self.saved_fd = os.dup(1)
        except OSError:
            self.saved_fd = None  # fd 1 is closed: nothing can leak into it anyway
        else:
            os.dup2(2, 1)
        sys.stdout = sys.stderr
        return self

    def __exit__(self, *exc):
        # Text an author wrote through sys.__stdout__ is still buffered: push it to stderr first.
        for stream in (sys.stdout, sys.__stdout__, sys.stderr):
            _flush(stream)
        if self.saved_fd is not None:
            os.dup2(self.saved_fd, 1)
            os.close(self.saved_fd)
        sys.stdout = self.saved_stdout
        return False


def _flush(stream) -> None:
    if stream is not None:
        try:
            stream.flush()
        except (OSError, ValueError):
            pass


def _load_entry(path: str) -> None:
    # An absolute path, so the author's __file__ stays valid even if their code changes directory.
    spec = importlib.util.spec_from_file_location(_registry.ENTRY_MODULE_NAME, os.path.abspath(path))
    if spec is None or spec.loader is None:
        raise _EmitFailure("%s: cannot be imported as a Python module" % path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[_registry.ENTRY_MODULE_NAME] = module
    spec.loader.exec_module(module)


def _write_atomically(target: str, data: bytes) -> None:
    target = os.path.abspath(target)
    directory = os.path.dirname(target)
    fd, temp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp's 0600 would surprise a user-chosen output file
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def emit(entry: str) -> bytes:
    """Import `entry` and return its IR bytes; raises on load/declaration errors."""
    _registry.reset()
    sys.dont_write_bytecode = True  # no __pycache__ next to the author's files (bundle determinism)
    sys.path.insert(0, os.path.dirname(os.path.abspath(entry)))
    with _StdoutToStderr():
        _load_entry(entry)
        ir = _registry.build_ir()
    return json.dumps(ir, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def main(argv) -> int:
    if len(argv) == 1 and argv[0] in ("-h", "--help"):
        sys.stderr.write(USAGE)
        return 0
    if len(argv) == 1 and argv[0] in ("-V", "--version"):
        # On stdout like `python -m pip --version`: no IR is written, so nothing can mix with it.
        from . import __version__

        sys.stdout.write("mvmforge %s\n" % __version__)
        return 0
    if len(argv) != 1 or (argv[0].startswith("-") and argv[0] != "-"):
        sys.stderr.write(USAGE)
        return 2
    entry = argv[0]
    if not os.path.isfile(entry):
        _err("entry not found: %s" % entry)
        return 2
    display = _Display(entry)
    # Resolved now: the author's code may change directory while it loads, but "relative" means
    # relative to the directory the emitter was started in (§6.2 step 8).
    out = os.environ.get("MVMFORGE_IR_OUT", "")
    out_path = os.path.abspath(out) if out else ""
    try:
        return _emit_and_write(entry, display, out, out_path)
    finally:
        # atexit handlers and threads of the author's code run after this returns; from here on
        # nothing may reach the IR stream (§6.4), so fd 1 and sys.stdout point at stderr for good.
        _seal_stdout()


def _seal_stdout() -> None:
    for stream in (sys.stdout, sys.__stdout__):
        _flush(stream)
    try:
        os.dup2(2, 1)
    except OSError:
        pass
    sys.stdout = sys.stderr


def _emit_and_write(entry: str, display: _Display, out: str, out_path: str) -> int:
    try:
        data = emit(entry)
    except _EmitFailure as failure:
        _err(str(failure))
        return 1
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # SystemExit from the author's module is a load error too
        _err(_describe_exception(err, display))
        if _debug():
            import traceback

            traceback.print_exception(type(err), err, err.__traceback__, file=sys.stderr)
        return 1
    if out:
        try:
            _write_atomically(out_path, data)
        except OSError as err:
            _err("cannot write MVMFORGE_IR_OUT %s: %s" % (out, err.strerror or err))
            return 1
        return 0
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0
