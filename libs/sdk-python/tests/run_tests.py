#!/usr/bin/env python3
"""Runs the SDK's unittest suite; the repository's scripts/test.mjs calls this.

    python3 libs/sdk-python/tests/run_tests.py [--summary FILE]

Runs every test under this directory with the current interpreter and, when a Python 3.9
interpreter (the oldest supported) is available and differs from the current one, runs the suite
again under it. The counts of all runs are added up and written to FILE as
{"passed":N,"failed":N,"skipped":N}. Exit status is non-zero when any test failed.
A missing 3.9 is reported loudly but is not a failure.
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
    return {"passed": result.testsRun - failed - skipped, "failed": failed, "skipped": skipped}


def version_label() -> str:
    return "Python %d.%d.%d (%s)" % (sys.version_info[:3] + (sys.executable,))


def find_oldest_python():
    """A (argv, env) pair that runs Python 3.9, or None."""
    # A plain python3.9 on PATH first; then pyenv's shim, which needs the version selected (the
    # shim running this very script may have exported PYENV_VERSION for the current interpreter).
    for overrides in ({}, {"PYENV_VERSION": "3.9.18"}):
        env = dict(os.environ, **overrides)
        try:
            probe = subprocess.run(["python3.9", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0 and probe.stdout.strip() == b"3.9":
            return ["python3.9"], env
    return None


def run_under(argv, env) -> dict:
    fd, summary = tempfile.mkstemp(prefix="mvmforge-sdk-tests-", suffix=".json")
    os.close(fd)
    try:
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
    if not args.no_oldest and sys.version_info[:2] != OLDEST:
        oldest = find_oldest_python()
        if oldest is None:
            print("\n*** NOTICE: no Python 3.9 interpreter found (tried python3.9, PYENV_VERSION=3.9.18); "
                  "the SDK suite ran only under %d.%d ***\n" % sys.version_info[:2], file=sys.stderr)
        else:
            print("\n== mvmforge SDK tests under Python 3.9 (%s)" % " ".join(oldest[0]), file=sys.stderr)
            counts = run_under(oldest[0], oldest[1])
            for key in totals:
                totals[key] += counts.get(key, 0)
            ran.append("3.9")
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as handle:
            json.dump(totals, handle)
    if not args.no_oldest:
        print("SDK tests ran under Python %s: %d passed, %d failed, %d skipped"
              % (" and ".join(ran), totals["passed"], totals["failed"], totals["skipped"]), file=sys.stderr)
    return 1 if totals["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
