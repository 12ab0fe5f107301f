"""The emit contract `python3 -m mvmforge ENTRY.py` (python-sdk.md §6), run as a real subprocess."""
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

from support import CORPUS_DIR, FIXTURES_DIR, PYTHON_DIR, REPO_ROOT

HELLO_APP_IR = (
    b'{"apps":[{"dependencies":null,"entrypoints":[{"command":["python","-m","http.server","8080"],"env":{},'
    b'"kind":"command","working_dir":"/app"}],"env":{"HELLO_BANNER":{"kind":"literal","value":"hi there"}},'
    b'"image":{"kind":"nix_packages","packages":["python312"]},"mounts":[],"name":"hello-app","network":null,'
    b'"resources":{"cpu_cores":1,"memory_mb":256,"rootfs_size_mb":512},"source":{"exclude":[],"include":["app.py"],'
    b'"kind":"local_path","path":"."}}],"extensions":{},"id":"hello-app","schema_version":"0.1","volumes":[]}'
)
WITH_SOURCE_IR = (
    b'{"apps":[{"dependencies":null,"entrypoints":[{"command":["python","-m","hello"],"env":{},"kind":"command",'
    b'"working_dir":"/app"}],"env":{},"image":{"kind":"nix_packages","packages":["python312"]},"mounts":[],'
    b'"name":"with-source","network":null,"resources":{"cpu_cores":1,"memory_mb":256,"rootfs_size_mb":512},'
    b'"source":{"exclude":["**/__pycache__/**"],"include":["hello/**"],"kind":"local_path","path":"."}}],'
    b'"extensions":{},"id":"with-source","schema_version":"0.1","volumes":[]}'
)

HELLO_APP_PY = '''"""Minimal mvmforge workload: serve the bundled directory over HTTP."""
import mvmforge as mv

mv.workload("hello-app")
mv.app(
    image=mv.python_image("3.12"),
    source=mv.local_path(".", include=["app.py"]),
    entrypoint=mv.entrypoint(["python", "-m", "http.server", "8080"]),
    env={"HELLO_BANNER": "hi there"},
)
'''
WITH_SOURCE_PY = '''"""mvmforge workload whose source bundle is the `hello` package."""
import mvmforge as mv

mv.workload("with-source")
mv.app(
    image=mv.python_image("3.12"),
    source=mv.local_path(".", include=["hello/**"], exclude=["**/__pycache__/**"]),
    entrypoint=mv.entrypoint(["python", "-m", "hello"]),
)
'''

HEADER = "import mvmforge as mv\n"
VALID_BODY = 'mv.workload("demo")\nmv.app(entrypoint=mv.entrypoint(["python", "-m", "demo"]))\n'


def run_emitter(args, cwd=None, extra_env=None, python=None, allow_bytecode=False):
    env = {k: v for k, v in os.environ.items()
           if k not in ("MVMFORGE_IR_OUT", "MVMFORGE_DEBUG", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPATH"] = PYTHON_DIR
    if not allow_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # as the host sets it; keeps the SDK tree clean too
    env.update(extra_env or {})
    return subprocess.run([python or sys.executable, "-m", "mvmforge"] + list(args), cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)


class EmitterTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mvmforge-emit-test-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(text))
        return path

    def emit_failure(self, text, **kwargs):
        """Emit an app.py with `text`; assert exit 1, empty stdout; return the stderr text."""
        self.write("app.py", text)
        result = run_emitter(["app.py"], cwd=self.dir, **kwargs)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(result.stdout, b"")
        stderr = result.stderr.decode("utf-8")
        self.assertTrue(stderr.startswith("mvmforge.emit: "), stderr)
        return stderr


class CorpusBytesTest(unittest.TestCase):
    def test_hello_app_exact_bytes(self):
        result = run_emitter([os.path.join(CORPUS_DIR, "hello-app", "app.py")])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, HELLO_APP_IR)
        self.assertEqual(len(result.stdout), 518)
        self.assertEqual(result.stderr, b"")

    def test_with_source_exact_bytes(self):
        result = run_emitter([os.path.join("corpus", "with-source", "app.py")], cwd=REPO_ROOT)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, WITH_SOURCE_IR)
        self.assertEqual(len(result.stdout), 478)

    def test_corpus_entry_files_are_the_specified_bytes(self):
        # python-sdk.md §8: the corpus files and bytes are part of the specification.
        expected = {
            "hello-app": HELLO_APP_PY,
            "with-source": WITH_SOURCE_PY,
        }
        for name, text in expected.items():
            with self.subTest(workload=name):
                with open(os.path.join(CORPUS_DIR, name, "app.py"), "rb") as handle:
                    self.assertEqual(handle.read(), text.encode("utf-8"))
                with open(os.path.join(CORPUS_DIR, name, ".gitignore"), "rb") as handle:
                    self.assertIn(b"__pycache__/", handle.read().splitlines())
        listed = subprocess.run(["git", "ls-files", "corpus/hello-app", "corpus/with-source"], cwd=REPO_ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        if listed.returncode == 0:
            self.assertEqual(sorted(listed.stdout.decode().split()), [
                "corpus/hello-app/.gitignore", "corpus/hello-app/app.py", "corpus/with-source/.gitignore",
                "corpus/with-source/app.py", "corpus/with-source/hello/__init__.py",
                "corpus/with-source/hello/__main__.py"])

    def test_with_source_files(self):
        base = os.path.join(CORPUS_DIR, "with-source", "hello")
        with open(os.path.join(base, "__init__.py"), "rb") as handle:
            self.assertEqual(handle.read(), b"")
        with open(os.path.join(base, "__main__.py"), "rb") as handle:
            self.assertEqual(handle.read(), b'print("hello from a bundled mvmforge workload")\n')

    def test_every_corpus_workload_emits(self):
        for name in sorted(os.listdir(CORPUS_DIR)):
            entry = os.path.join(CORPUS_DIR, name, "app.py")
            if os.path.isfile(entry):
                with self.subTest(workload=name):
                    first = run_emitter([entry])
                    self.assertEqual(first.returncode, 0, first.stderr)
                    self.assertIn(('"id":"%s"' % name).encode(), first.stdout)
                    self.assertEqual(run_emitter([entry]).stdout, first.stdout)  # deterministic

    def test_every_type_fixture_golden(self):
        fixture = os.path.join(FIXTURES_DIR, "every_type")
        result = run_emitter([os.path.join(fixture, "app.py")], extra_env={"PYTHONHASHSEED": "123"})
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(fixture, "expected.ir.json"), "rb") as handle:
            self.assertEqual(result.stdout, handle.read())
        self.assertIn("\u2028".encode("utf-8"), result.stdout)  # raw, not escaped
        self.assertIn(b"\\u001b", result.stdout)


class OutputTest(EmitterTestCase):
    def test_stdout_output(self):
        self.write("app.py", HEADER + VALID_BODY)
        result = run_emitter(["app.py"], cwd=self.dir)
        self.assertEqual(result.returncode, 0)
        self.assertTrue(result.stdout.startswith(b'{"apps":[{'))
        self.assertFalse(result.stdout.endswith(b"\n"))

    def test_ir_out_file(self):
        self.write("app.py", HEADER + VALID_BODY)
        stdout_bytes = run_emitter(["app.py"], cwd=self.dir).stdout
        os.makedirs(os.path.join(self.dir, "out"))
        result = run_emitter(["app.py"], cwd=self.dir, extra_env={"MVMFORGE_IR_OUT": "out/ir.json"})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, b"")
        with open(os.path.join(self.dir, "out", "ir.json"), "rb") as handle:
            self.assertEqual(handle.read(), stdout_bytes)
        self.assertEqual(os.listdir(os.path.join(self.dir, "out")), ["ir.json"])  # no temp file left

    def test_ir_out_replaces_existing_file(self):
        self.write("app.py", HEADER + VALID_BODY)
        target = self.write("ir.json", "old contents")
        result = run_emitter(["app.py"], cwd=self.dir, extra_env={"MVMFORGE_IR_OUT": target})
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(target, "rb") as handle:
            self.assertTrue(handle.read().startswith(b'{"apps"'))

    def test_empty_ir_out_means_stdout(self):
        self.write("app.py", HEADER + VALID_BODY)
        result = run_emitter(["app.py"], cwd=self.dir, extra_env={"MVMFORGE_IR_OUT": ""})
        self.assertTrue(result.stdout.startswith(b'{"apps"'))

    def test_unwritable_ir_out(self):
        self.write("app.py", HEADER + VALID_BODY)
        result = run_emitter(["app.py"], cwd=self.dir, extra_env={"MVMFORGE_IR_OUT": "missing-dir/ir.json"})
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        self.assertIn(b"mvmforge.emit: cannot write MVMFORGE_IR_OUT missing-dir/ir.json", result.stderr)

    def test_print_and_child_processes_do_not_reach_stdout(self):
        self.write("app.py", HEADER + textwrap.dedent("""\
            import os, subprocess, sys
            print("from print")
            sys.__stdout__.write("from __stdout__\\n")
            os.system("echo from-os-system")
            subprocess.run(["echo", "from-subprocess"])
            """) + VALID_BODY)
        result = run_emitter(["app.py"], cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.startswith(b'{"apps"') and result.stdout.endswith(b"}"), result.stdout)
        for text in (b"from print", b"from __stdout__", b"from-os-system", b"from-subprocess"):
            self.assertIn(text, result.stderr)
            self.assertNotIn(text, result.stdout)

    def test_output_after_loading_does_not_reach_stdout(self):
        # atexit handlers and threads of the author's code run after the IR is written; they must not
        # append to the IR stream, on success or failure.
        for tail, code in ((VALID_BODY, 0), ("raise RuntimeError('boom')\n", 1)):
            with self.subTest(code=code):
                self.write("app.py", HEADER + textwrap.dedent("""\
                    import atexit, os
                    atexit.register(print, "from-atexit")
                    atexit.register(os.system, "echo from-atexit-child")
                    """) + tail)
                result = run_emitter(["app.py"], cwd=self.dir)
                self.assertEqual(result.returncode, code, result.stderr)
                self.assertNotIn(b"from-atexit", result.stdout)
                self.assertIn(b"from-atexit\n", result.stderr)
                self.assertIn(b"from-atexit-child\n", result.stderr)
                if code == 0:
                    self.assertTrue(result.stdout.startswith(b'{"apps"') and result.stdout.endswith(b"}"))

    def test_relative_ir_out_is_relative_to_the_starting_directory(self):
        # The author's code may chdir while loading; MVMFORGE_IR_OUT still names a file in the
        # directory the emitter was started in.
        elsewhere = tempfile.mkdtemp(prefix="mvmforge-emit-elsewhere-")
        self.addCleanup(shutil.rmtree, elsewhere, True)
        self.write("app.py", HEADER + "import os\nos.chdir(%r)\n" % elsewhere + VALID_BODY)
        result = run_emitter(["app.py"], cwd=self.dir, extra_env={"MVMFORGE_IR_OUT": "ir.json"})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(os.listdir(elsewhere), [])
        with open(os.path.join(self.dir, "ir.json"), "rb") as handle:
            self.assertTrue(handle.read().startswith(b'{"apps"'))

    def test_no_pycache_next_to_entry(self):
        self.write("helper.py", "VALUE = 1\n")
        self.write("pkg/__init__.py", "")
        self.write("pkg/mod.py", "X = 2\n")
        self.write("app.py", HEADER + "import helper, pkg.mod\n" + VALID_BODY)
        # Without PYTHONDONTWRITEBYTECODE: the emitter itself must keep the author's tree clean.
        result = run_emitter(["app.py"], cwd=self.dir, allow_bytecode=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        for root, dirs, _files in os.walk(self.dir):
            self.assertNotIn("__pycache__", dirs, root)

    def test_main_block_does_not_run(self):
        marker = os.path.join(self.dir, "ran")
        self.write("app.py", HEADER + VALID_BODY + textwrap.dedent("""\
            print("name is", __name__)
            if __name__ == "__main__":
                open(%r, "w").close()
            """ % marker))
        result = run_emitter(["app.py"], cwd=self.dir)
        self.assertEqual(result.returncode, 0)
        self.assertFalse(os.path.exists(marker))
        self.assertIn(b"name is __mvmforge_entry__", result.stderr)

    def test_entry_file_attribute_is_absolute(self):
        self.write("app.py", HEADER + 'import sys\nsys.stderr.write("FILE=" + __file__ + "\\n")\n' + VALID_BODY)
        result = run_emitter(["app.py"], cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(("FILE=" + os.path.join(self.dir, "app.py") + "\n").encode(), result.stderr)

    def test_func_in_entry_gets_module_from_file_stem(self):
        self.write("app.py", HEADER + textwrap.dedent("""\
            @mv.func()
            def add(a, b):
                return a + b
            """))
        result = run_emitter(["app.py"], cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(b'"module":"app"', result.stdout)
        self.assertIn(b'"id":"add"', result.stdout)

    def test_entry_directory_is_on_sys_path_and_cwd_unchanged(self):
        self.write("proj/helper.py", "NAME = 'from-helper'\n")
        self.write("proj/app.py", HEADER + textwrap.dedent("""\
            import os, helper
            mv.workload(helper.NAME)
            mv.app(entrypoint=mv.entrypoint([os.getcwd()]))
            """))
        result = run_emitter([os.path.join("proj", "app.py")], cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(b'"id":"from-helper"', result.stdout)
        self.assertIn(os.path.realpath(self.dir).encode(), result.stdout.replace(b"\\/", b"/"))


class UsageTest(EmitterTestCase):
    def test_help(self):
        for flag in ("-h", "--help"):
            result = run_emitter([flag])
            self.assertEqual(result.returncode, 0)
            self.assertEqual(result.stdout, b"")
            self.assertIn(b"usage: python3 -m mvmforge ENTRY.py", result.stderr)

    def test_version(self):
        import json
        with open(os.path.join(PYTHON_DIR, "..", "package.json"), encoding="utf-8") as handle:
            version = json.load(handle)["version"]
        for flag in ("--version", "-V"):
            with self.subTest(flag=flag):
                result = run_emitter([flag], cwd=self.dir)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout, ("mvmforge %s\n" % version).encode())
                self.assertEqual(result.stderr, b"")

    def test_usage_errors(self):
        self.write("app.py", HEADER + VALID_BODY)
        for args in ([], ["app.py", "app.py"], ["--version", "app.py"], ["--versions"], ["-x", "app.py"]):
            with self.subTest(args=args):
                result = run_emitter(args, cwd=self.dir)
                self.assertEqual(result.returncode, 2)
                self.assertEqual(result.stdout, b"")
                self.assertIn(b"usage:", result.stderr)

    def test_entry_not_found(self):
        os.mkdir(os.path.join(self.dir, "adir"))
        for entry in ("nope.py", "adir"):
            result = run_emitter([entry], cwd=self.dir)
            self.assertEqual(result.returncode, 2)
            self.assertEqual(result.stderr, ("mvmforge.emit: entry not found: %s\n" % entry).encode())
            self.assertEqual(result.stdout, b"")


class ErrorMessageTest(EmitterTestCase):
    def test_declaration_error_names_file_and_line(self):
        stderr = self.emit_failure(HEADER + 'mv.workload("demo")\n'
                                   'mv.app(entrypoint=mv.entrypoint(["x"], env={"MY-VAR": "1"}))\n')
        self.assertEqual(stderr, "mvmforge.emit: app.py:3: env key 'MY-VAR' must match ^[A-Za-z_][A-Za-z0-9_]*$\n")

    def test_wrong_typed_argument(self):
        stderr = self.emit_failure(HEADER + 'mv.workload("demo")\nmv.app(\n    entrypoint=mv.entrypoint(["x"]),\n'
                                   '    resources=mv.resources(cpu_cores="2"),\n)\n')
        self.assertEqual(stderr, "mvmforge.emit: app.py:5: cpu_cores must be an int, got str\n")

    def test_syntax_error(self):
        stderr = self.emit_failure(HEADER + "\nmv.workload(\"demo\"\nmv.app(\n")
        self.assertRegex(stderr, r"^mvmforge\.emit: app\.py:\d+: SyntaxError: ")
        self.assertNotIn("Traceback", stderr)

    def test_exception_at_import(self):
        stderr = self.emit_failure(HEADER + "x = 1\nraise RuntimeError('boom')\n")
        self.assertEqual(stderr.splitlines()[0], "mvmforge.emit: app.py:3: RuntimeError: boom")
        self.assertNotIn("Traceback", stderr)

    def test_exception_in_imported_module_names_that_module(self):
        self.write("helper.py", "def f():\n    return 1 / 0\n")
        stderr = self.emit_failure(HEADER + "import helper\nhelper.f()\n")
        self.assertEqual(stderr.splitlines()[0], "mvmforge.emit: helper.py:2: ZeroDivisionError: division by zero")

    def test_missing_import(self):
        stderr = self.emit_failure(HEADER + "import no_such_module_mvmforge\n")
        self.assertEqual(stderr.splitlines()[0],
                         "mvmforge.emit: app.py:2: ModuleNotFoundError: No module named 'no_such_module_mvmforge'")

    def test_unknown_keyword_is_a_type_error_at_the_call(self):
        stderr = self.emit_failure(HEADER + 'mv.workload("demo")\nmv.app(entrypoint=mv.entrypoint(["x"]), colour=1)\n')
        self.assertRegex(stderr.splitlines()[0], r"^mvmforge\.emit: app\.py:3: TypeError: .*colour")

    def test_nothing_declared(self):
        stderr = self.emit_failure("import mvmforge as mv\nx = 1\n")
        self.assertEqual(stderr, "mvmforge.emit: no workload declared in app.py\n")

    def test_two_workloads(self):
        stderr = self.emit_failure(HEADER + 'mv.workload("one")\n\nmv.workload("two")\n' + VALID_BODY)
        self.assertTrue(stderr.startswith("mvmforge.emit: app.py:4: mv.workload(...) may be called only once"), stderr)

    def test_error_found_while_building_points_at_declaration(self):
        stderr = self.emit_failure(HEADER + '\nmv.app(entrypoint=mv.entrypoint(["x"]))\n')
        self.assertTrue(stderr.startswith("mvmforge.emit: app.py:3: this app has no name"), stderr)

    def test_sys_exit_in_entry(self):
        stderr = self.emit_failure(HEADER + "import sys\nsys.exit(3)\n")
        self.assertEqual(stderr.splitlines()[0], "mvmforge.emit: app.py:3: SystemExit: 3")

    def test_traceback_only_with_debug(self):
        stderr = self.emit_failure(HEADER + "raise ValueError('bad value')\n", extra_env={"MVMFORGE_DEBUG": "1"})
        self.assertEqual(stderr.splitlines()[0], "mvmforge.emit: app.py:2: ValueError: bad value")
        self.assertIn("Traceback (most recent call last)", stderr)

    def test_absolute_entry_path_is_named_as_given(self):
        entry = self.write("app.py", HEADER + "raise KeyError('k')\n")
        result = run_emitter([entry], cwd=REPO_ROOT)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode().splitlines()[0], "mvmforge.emit: %s:2: KeyError: 'k'" % entry)


class OldInterpreterTest(unittest.TestCase):
    def test_python_older_than_3_9_exits_2(self):
        python38 = shutil.which("python3.8")
        if python38 is None:
            self.skipTest("no python3.8 on PATH")
        env_check = subprocess.run([python38, "-c", "import sys; print(sys.version_info[:2] == (3, 8))"],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   env=dict(os.environ, PYENV_VERSION="3.8.18"))
        if env_check.stdout.strip() != b"True":
            self.skipTest("python3.8 is not runnable here")
        result = run_emitter([os.path.join(CORPUS_DIR, "hello-app", "app.py")], python=python38,
                             extra_env={"PYENV_VERSION": "3.8.18"})
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stdout, b"")
        self.assertIn(b"mvmforge.emit: Python 3.9 or newer is required", result.stderr)


if __name__ == "__main__":
    unittest.main()
