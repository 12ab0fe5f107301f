"""Shared helpers for the SDK tests: import path setup and DeclarationError assertions."""
import os
import sys
import unittest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
SDK_DIR = os.path.dirname(TESTS_DIR)
PYTHON_DIR = os.path.join(SDK_DIR, "python")
REPO_ROOT = os.path.dirname(os.path.dirname(SDK_DIR))
CORPUS_DIR = os.path.join(REPO_ROOT, "corpus")
FIXTURES_DIR = os.path.join(TESTS_DIR, "fixtures")

if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)

import mvmforge as mv  # noqa: E402


class SdkTestCase(unittest.TestCase):
    def setUp(self):
        mv.reset()

    def tearDown(self):
        mv.reset()

    def assertDeclError(self, thunk, fragment):
        """`thunk` (a one-line lambda) raises DeclarationError naming this test file and the lambda's line."""
        with self.assertRaises(mv.DeclarationError) as ctx:
            thunk()
        err = ctx.exception
        self.assertIn(fragment, err.message)
        self.assertEqual(os.path.abspath(err.file), os.path.abspath(thunk.__code__.co_filename))
        self.assertEqual(err.line, thunk.__code__.co_firstlineno)
        self.assertTrue(str(err).startswith("%s:%d: " % (err.file, err.line)))
        return err
