"""pyproject.toml maps the package from python/ so `pip install libs/sdk-python` ships exactly mvmforge."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from support import SDK_DIR


def _build_interpreter():
    """An interpreter whose setuptools can build from pyproject.toml (>= 61, the build-system pin).

    The build reads only packaging metadata, so any such interpreter proves it: `pip install` under
    any Python fetches a setuptools >= 61 into its isolated build environment anyway.
    """
    for candidate in (sys.executable, os.environ.get("MVMFORGE_SDK_BUILD_PYTHON"), shutil.which("python3")):
        if not candidate:
            continue
        probe = subprocess.run([candidate, "-c", "import setuptools, sys; sys.exit(int(setuptools.__version__.split('.')[0]) < 61)"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if probe.returncode == 0:
            return candidate
    return None


class PackagingTest(unittest.TestCase):
    def test_setuptools_builds_the_mvmforge_package_from_python_dir(self):
        python = _build_interpreter()
        if python is None:
            self.skipTest("no interpreter with setuptools >= 61 (tried %s, MVMFORGE_SDK_BUILD_PYTHON and python3 on PATH)"
                          % sys.executable)
        work = tempfile.mkdtemp(prefix="mvmforge-sdk-build-")
        self.addCleanup(shutil.rmtree, work, True)
        project = os.path.join(work, "project")
        os.mkdir(project)
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(os.path.join(SDK_DIR, name), project)
        shutil.copytree(os.path.join(SDK_DIR, "python"), os.path.join(project, "python"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        out = os.path.join(work, "lib")
        result = subprocess.run([python, "-W", "ignore", "-c", "import setuptools; setuptools.setup()",
                                 "-q", "build_py", "--build-lib", out], cwd=project,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(os.listdir(out), ["mvmforge"])
        shipped = sorted(os.listdir(os.path.join(out, "mvmforge")))
        source = sorted(n for n in os.listdir(os.path.join(SDK_DIR, "python", "mvmforge")) if n.endswith(".py"))
        self.assertEqual(shipped, source)


if __name__ == "__main__":
    unittest.main()
