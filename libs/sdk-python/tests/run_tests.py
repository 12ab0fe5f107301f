#!/usr/bin/env python3
"""Runs the SDK's unittest suite; the repository's scripts/test.mjs calls this.

    python3 libs/sdk-python/tests/run_tests.py [--summary FILE]

Runs every test under this directory with the current interpreter, then again under Python 3.9
(the oldest supported) and under the newest Python 3 found (python3.N on PATH or pyenv), when
those differ from the current one. The counts of all runs are added up and written to FILE as
{"passed":N,"failed":N,"skipped":N}. Exit status is non-zero when any test failed.
A missing 3.9 is reported loudly but is not a failure.
Use --no-oldest to run only under the current interpreter.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import unittest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
OLDEST = (3, 9)


def run_here() -> dict:
    sys.dont_write_bytecode = True
    if TESTS_DIR not in sys.path:
        sys.path.insert(0, TESTS_DIR)
    suite = unittest.defaultTestLoader.discover(TESTS_DIR, pattern="test_*.py", top_level_dir=TESTS_DIR)
    result = unittest.TextTestRunner(verbosity=1, stream=sys.stderr).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    # Nothing is skipped silently: name every skipped test and why.
    for test, reason in result.skipped:
        print("*** SKIPPED under %s: %s (%s) ***" % (version_label(), test.id(), reason), file=sys.stderr)
    return {"passed": result.testsRun - failed - skipped, "failed": failed, "skipped": skipped}


def version_label() -> str:
    return "Python %d.%d.%d (%s)" % (sys.version_info[:3] + (sys.executable,))


def _pyenv_versions(minor: int) -> list:
    """pyenv's installed 3.<minor>.x versions (newest first), or [] without pyenv."""
    try:
        listing = subprocess.run(["pyenv", "versions", "--bare"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return []
    found = []
    for line in listing.stdout.decode("utf-8", "replace").split():
        parts = line.split(".")
        if len(parts) == 3 and parts[0] == "3" and parts[1] == str(minor) and parts[2].isdigit():
            found.append(line)
    return sorted(found, key=lambda v: int(v.split(".")[2]), reverse=True)


def find_python(minor: int):
    """An (argv, env) pair that runs Python 3.<minor>, or None.

    A plain python3.<minor> on PATH first; then pyenv's shim, which needs the version selected (the
    shim that runs this very script may have exported PYENV_VERSION for the current interpreter).
    """
    command = "python3.%d" % minor
    for overrides in [{}] + [{"PYENV_VERSION": v} for v in _pyenv_versions(minor)]:
        env = dict(os.environ, **overrides)
        try:
            probe = subprocess.run([command, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0 and probe.stdout.strip() == ("3.%d" % minor).encode():
            return [command], env
    return None


def find_newest_python():
    """The newest Python 3 newer than the current one that is installed, as (minor, argv, env)."""
    for minor in range(20, sys.version_info[1], -1):
        found = find_python(minor)
        if found is not None:
            return minor, found[0], found[1]
    return None


def run_under(argv, env) -> dict:
    fd, summary = tempfile.mkstemp(prefix="mvmforge-sdk-tests-", suffix=".json")
    os.close(fd)
    try:
        # The packaging test may build with the first interpreter's setuptools (build tooling, not
        # the Python under test); tell the re-run which one that is.
        env = dict(env, MVMFORGE_SDK_BUILD_PYTHON=os.environ.get("MVMFORGE_SDK_BUILD_PYTHON", sys.executable))
        subprocess.run(argv + [os.path.abspath(__file__), "--summary", summary, "--no-oldest"], env=env,
                       timeout=900)
        with open(summary, encoding="utf-8") as handle:
            text = handle.read()
        if not text:
            return {"passed": 0, "failed": 1, "skipped": 0}
        return json.loads(text)
    finally:
        os.unlink(summary)


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the mvmforge Python SDK tests.")
    parser.add_argument("--summary", help="write {passed, failed, skipped} JSON to this file")
    parser.add_argument("--no-oldest", action="store_true", help="do not also run under Python 3.9")
    args = parser.parse_args()

    print("== mvmforge SDK tests under %s" % version_label(), file=sys.stderr)
    totals = run_here()
    ran = ["%d.%d" % sys.version_info[:2]]
    if not args.no_oldest:
        others = []
        if sys.version_info[:2] != OLDEST:
            oldest = find_python(OLDEST[1])
            if oldest is None:
                print("\n*** NOTICE: no Python 3.9 interpreter found (tried python3.9 on PATH and pyenv); "
                      "the oldest supported version was NOT tested ***\n", file=sys.stderr)
            else:
                others.append(("3.9", oldest[0], oldest[1]))
        newest = find_newest_python()
        if newest is not None:
            others.append(("3.%d" % newest[0], newest[1], newest[2]))
        for label, argv, env in others:
            print("\n== mvmforge SDK tests under Python %s (%s)" % (label, " ".join(argv)), file=sys.stderr)
            counts = run_under(argv, env)
            for key in totals:
                totals[key] += counts.get(key, 0)
            ran.append(label)
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as handle:
            json.dump(totals, handle)
    if not args.no_oldest:
        print("SDK tests ran under Python %s: %d passed, %d failed, %d skipped"
              % (" and ".join(ran), totals["passed"], totals["failed"], totals["skipped"]), file=sys.stderr)
    return 1 if totals["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
