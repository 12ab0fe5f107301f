"""pyproject.toml maps the package from python/ so `pip install libs/sdk-python` ships exactly mvmforge."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from support import SDK_DIR


class PackagingTest(unittest.TestCase):
    def test_setuptools_builds_the_mvmforge_package_from_python_dir(self):
        probe = subprocess.run([sys.executable, "-c", "import setuptools, sys; sys.exit(int(setuptools.__version__.split('.')[0]) < 61)"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if probe.returncode != 0:
            self.skipTest("setuptools >= 61 is not installed for %s" % sys.executable)
        work = tempfile.mkdtemp(prefix="mvmforge-sdk-build-")
        self.addCleanup(shutil.rmtree, work, True)
        project = os.path.join(work, "project")
        os.mkdir(project)
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(os.path.join(SDK_DIR, name), project)
        shutil.copytree(os.path.join(SDK_DIR, "python"), os.path.join(project, "python"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        out = os.path.join(work, "lib")
        result = subprocess.run([sys.executable, "-W", "ignore", "-c", "import setuptools; setuptools.setup()",
                                 "-q", "build_py", "--build-lib", out], cwd=project,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(os.listdir(out), ["mvmforge"])
        shipped = sorted(os.listdir(os.path.join(out, "mvmforge")))
        source = sorted(n for n in os.listdir(os.path.join(SDK_DIR, "python", "mvmforge")) if n.endswith(".py"))
        self.assertEqual(shipped, source)


if __name__ == "__main__":
    unittest.main()
