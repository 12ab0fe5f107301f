"""mv.__version__ is a constant that must equal the toolchain version (libs/ir/package.json)."""
import json
import os
import unittest

from support import REPO_ROOT, SDK_DIR, mv


class VersionTest(unittest.TestCase):
    def test_version_matches_toolchain(self):
        package_json = os.path.join(REPO_ROOT, "libs", "ir", "package.json")
        if not os.path.isfile(package_json):
            self.skipTest("not inside the mvmforge repository")
        with open(package_json, encoding="utf-8") as handle:
            self.assertEqual(mv.__version__, json.load(handle)["version"])

    def test_version_matches_npm_and_python_packaging(self):
        with open(os.path.join(SDK_DIR, "package.json"), encoding="utf-8") as handle:
            self.assertEqual(mv.__version__, json.load(handle)["version"])
        with open(os.path.join(SDK_DIR, "pyproject.toml"), encoding="utf-8") as handle:
            self.assertIn('version = "%s"' % mv.__version__, handle.read())

    def test_package_is_stdlib_only(self):
        # Every import in the package is the standard library or the package itself.
        import ast
        import sys
        package_dir = os.path.dirname(mv.__file__)
        stdlib = getattr(sys, "stdlib_module_names", None)
        for name in sorted(os.listdir(package_dir)):
            if not name.endswith(".py"):
                continue
            with open(os.path.join(package_dir, name), encoding="utf-8") as handle:
                tree = ast.parse(handle.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    roots = [alias.name.split(".")[0] for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    roots = [node.module.split(".")[0]]
                else:
                    continue
                for root in roots:
                    if root in ("mvmforge", "__future__"):
                        continue
                    if stdlib is not None:
                        self.assertIn(root, stdlib, "%s imports %s" % (name, root))


if __name__ == "__main__":
    unittest.main()
