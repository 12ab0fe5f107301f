"""mv.workload, mv.app, @mv.func, build_ir/emit_json/reset (python-sdk.md §2, §3.1–§3.3, §3.11, §4)."""
import json
import unittest

from support import SdkTestCase, mv

PY312 = {"kind": "nix_packages", "packages": ["python312"]}
RES = {"cpu_cores": 1, "memory_mb": 256, "rootfs_size_mb": 512}
SRC = {"kind": "local_path", "path": ".", "include": ["**"], "exclude": []}


class WorkloadTest(SdkTestCase):
    def test_minimal_command_workload(self):
        mv.workload("hello")
        mv.app(entrypoint=mv.entrypoint(["python", "-m", "hello"]))
        self.assertEqual(mv.build_ir(), {
            "schema_version": "0.1", "id": "hello", "volumes": [], "extensions": {},
            "apps": [{"name": "hello", "source": SRC, "image": PY312, "resources": RES, "env": {}, "mounts": [],
                      "network": None, "dependencies": None,
                      "entrypoints": [{"kind": "command", "command": ["python", "-m", "hello"], "working_dir": "/app",
                                       "env": {}}]}]})

    def test_ir_hello_vector_bytes(self):
        # ir-v0 §12.1: the canonical bytes of the `hello` workload.
        mv.app("hello", entrypoint=mv.entrypoint(["python", "-m", "hello"]))
        mv.workload("hello")  # either order works
        self.assertEqual(mv.emit_json(), (
            '{"apps":[{"dependencies":null,"entrypoints":[{"command":["python","-m","hello"],"env":{},"kind":"command",'
            '"working_dir":"/app"}],"env":{},"image":{"kind":"nix_packages","packages":["python312"]},"mounts":[],'
            '"name":"hello","network":null,"resources":{"cpu_cores":1,"memory_mb":256,"rootfs_size_mb":512},'
            '"source":{"exclude":[],"include":["**"],"kind":"local_path","path":"."}}],"extensions":{},"id":"hello",'
            '"schema_version":"0.1","volumes":[]}'))

    def test_volumes_and_extensions(self):
        mv.workload("w", volumes=[mv.volume_def("cache", 10)], extensions={"10": 1, "9": {"é": [True, None]}})
        mv.app(entrypoint=mv.entrypoint(["x"]))
        doc = mv.build_ir()
        self.assertEqual(doc["volumes"], [{"name": "cache", "size_mb": 10, "persist": False}])
        self.assertEqual(doc["extensions"], {"10": 1, "9": {"é": [True, None]}})
        self.assertIn('"extensions":{"10":1,"9":{"é":[true,null]}}', mv.emit_json())

    def test_workload_errors(self):
        self.assertDeclError(lambda: mv.workload("Hello"), "workload id 'Hello' must match ^[a-z][a-z0-9-]{0,62}$")
        self.assertDeclError(lambda: mv.workload("a" * 64), "must match")
        self.assertDeclError(lambda: mv.workload("w", volumes=[{"name": "v"}]), "volumes[0] must be the result of mv.volume_def")
        self.assertDeclError(lambda: mv.workload("w", extensions={"x": 1.0}), "float")
        self.assertDeclError(lambda: mv.workload("w", extensions=[]), "extensions must be a dict")

    def test_workload_twice_is_an_error_at_the_second_call(self):
        mv.workload("one")
        err = self.assertDeclError(lambda: mv.workload("two"), "may be called only once")
        self.assertIn("first call at", err.message)

    def test_nothing_declared(self):
        with self.assertRaises(mv.DeclarationError) as ctx:
            mv.build_ir()
        self.assertEqual(ctx.exception.message, "no workload declared")
        self.assertIsNone(ctx.exception.file)

    def test_workload_without_app(self):
        mv.workload("lonely"); line = _line()  # noqa: E702
        with self.assertRaises(mv.DeclarationError) as ctx:
            mv.build_ir()
        self.assertIn("declares no app", ctx.exception.message)
        self.assertEqual(ctx.exception.line, line)

    def test_reset_clears_state(self):
        mv.workload("w")
        mv.app(entrypoint=mv.entrypoint(["x"]))
        mv.reset()
        mv.workload("w")  # no "only once" error after reset
        mv.app(entrypoint=mv.entrypoint(["y"]))
        self.assertEqual(mv.build_ir()["apps"][0]["entrypoints"][0]["command"], ["y"])

    def test_build_ir_returns_a_copy(self):
        mv.workload("w")
        mv.app(entrypoint=mv.entrypoint(["x"]))
        mv.build_ir()["apps"][0]["env"]["X"] = "mutated"
        self.assertEqual(mv.build_ir()["apps"][0]["env"], {})

    def test_constants(self):
        self.assertEqual(mv.SCHEMA_VERSION, "0.1")
        self.assertTrue(issubclass(mv.DeclarationError, Exception))


def _line():
    import sys
    return sys._getframe(1).f_lineno


class AppTest(SdkTestCase):
    def test_all_app_fields(self):
        mv.workload("full")
        handle = mv.app("web", entrypoint=mv.entrypoint(["srv"]), image=mv.nix_packages(["hello"]),
                        source=mv.local_path("src"), resources=mv.resources(2, 512, 1024),
                        env={"A": "b"}, mounts=[mv.tmpfs(8, target="/t")], network=mv.network("bridge"),
                        dependencies=mv.node_deps("package-lock.json", tool="npm"), threat_tier="trusted",
                        addons=[mv.addon_use("r", sha256="0" * 64, version="1")],
                        files=[mv.file("/f", "x")], health_check=mv.health_check(["true"]),
                        before_build="make", before_start=mv.hook(["python", "-m", "migrate"]),
                        after_start=["echo a", ["echo", "b"], mv.hook("echo c")], before_stop=[])
        self.assertIn("web", repr(handle))
        app = mv.build_ir()["apps"][0]
        self.assertEqual(app["threat_tier"], "trusted")
        self.assertEqual(app["dependencies"], {"kind": "node", "lockfile": "package-lock.json", "tool": "npm"})
        self.assertEqual(app["hooks"], {
            "before_build": [{"kind": "shell", "line": "make"}],
            "before_start": [{"kind": "argv", "argv": ["python", "-m", "migrate"]}],
            "after_start": [{"kind": "shell", "line": "echo a"}, {"kind": "argv", "argv": ["echo", "b"]},
                            {"kind": "shell", "line": "echo c"}]})
        self.assertEqual(app["files"], [{"path": "/f", "bytes_b64": "eA=="}])
        self.assertEqual(app["health_check"]["command"], ["true"])
        self.assertEqual(app["addons"][0]["name"], "r")
        self.assertEqual(app["network"], {"mode": "bridge", "ports": []})
        self.assertEqual(app["mounts"], [{"target": "/t", "source": {"kind": "tmpfs", "size_mb": 8}, "mode": "rw"}])

    def test_emit_rules_omit_empty_and_default(self):
        mv.workload("w")
        mv.app(entrypoint=mv.entrypoint(["x"]), threat_tier="untrusted", addons=[], files=[], before_build=None,
               before_start=[], after_start=None)
        app = mv.build_ir()["apps"][0]
        for key in ("threat_tier", "addons", "files", "hooks", "health_check"):
            self.assertNotIn(key, app)
        self.assertIsNone(app["network"])
        self.assertIsNone(app["dependencies"])

    def test_function_entrypoints_default_no_deps(self):
        mv.app("math", entrypoints=[mv.entrypoint_function("calc", "add", primary=True),
                                    mv.entrypoint_function("calc", "mul")])
        doc = mv.build_ir()
        self.assertEqual(doc["id"], "math")  # no mv.workload: the first app's name
        app = doc["apps"][0]
        self.assertEqual(app["dependencies"], {"kind": "none"})
        self.assertEqual([ep["primary"] for ep in app["entrypoints"]], [True, False])

    def test_several_apps_are_all_emitted(self):
        mv.workload("w")
        mv.app("a", entrypoint=mv.entrypoint(["a"]))
        mv.app("b", entrypoint=mv.entrypoint(["b"]))
        self.assertEqual([a["name"] for a in mv.build_ir()["apps"]], ["a", "b"])

    def test_app_errors(self):
        self.assertDeclError(lambda: mv.app(), "exactly one of entrypoint= or entrypoints=")
        self.assertDeclError(lambda: mv.app(entrypoint=mv.entrypoint(["x"]), entrypoints=[]), "exactly one of")
        self.assertDeclError(lambda: mv.app(entrypoints=[]), "at least one entrypoint")
        self.assertDeclError(lambda: mv.app(entrypoint=["python"]), "entrypoint must be the result of")
        self.assertDeclError(lambda: mv.app("Web", entrypoint=mv.entrypoint(["x"])), "app name 'Web' must match")
        self.assertDeclError(lambda: mv.app(entrypoint=mv.entrypoint(["x"]), image="python312"), "image must be the result of")
        self.assertDeclError(lambda: mv.app(entrypoint=mv.entrypoint(["x"]), source="."), "source must be the result of")
        self.assertDeclError(lambda: mv.app(entrypoint=mv.entrypoint(["x"]), threat_tier="high"), "threat_tier must be one of")
        self.assertDeclError(lambda: mv.app(entrypoint=mv.entrypoint(["x"]), env={"A": 1}), "no implicit str()")
        self.assertDeclError(lambda: mv.app(entrypoint=mv.entrypoint(["x"]), mounts=["/data"]), "mounts[0] must be")
        self.assertDeclError(lambda: mv.app(entrypoint=mv.entrypoint(["x"]), before_start=3), "before_start must be")
        self.assertDeclError(lambda: mv.app(entrypoint=mv.entrypoint(["x"]), after_start=[[]]), "non-empty")
        self.assertDeclError(lambda: mv.app(entrypoint=mv.entrypoint(["x"]), files=[{"path": "/f"}]), "files[0] must be")
        self.assertDeclError(lambda: mv.app(entrypoint=mv.entrypoint(["x"]), network="bridge"), "network must be the result")
        self.assertDeclError(lambda: mv.app(entrypoint=mv.entrypoint(["x"]), dependencies="uv.lock"), "dependencies must be")
        with self.assertRaises(TypeError):
            mv.app(entrypoint=mv.entrypoint(["x"]), colour="blue")  # unknown keyword: Python's own TypeError

    def test_duplicate_app_name(self):
        mv.app("web", entrypoint=mv.entrypoint(["x"]))
        self.assertDeclError(lambda: mv.app("web", entrypoint=mv.entrypoint(["y"])), "an app named 'web' is already declared")

    def test_duplicate_name_found_when_building(self):
        mv.workload("web")
        mv.app("web", entrypoint=mv.entrypoint(["x"]))
        mv.app(entrypoint=mv.entrypoint(["y"])); line = _line()  # noqa: E702 - takes the workload id "web"
        with self.assertRaises(mv.DeclarationError) as ctx:
            mv.build_ir()
        self.assertIn("already declared", ctx.exception.message)
        self.assertEqual(ctx.exception.line, line)

    def test_unnamed_app_without_workload(self):
        mv.app(entrypoint=mv.entrypoint(["x"])); line = _line()  # noqa: E702
        with self.assertRaises(mv.DeclarationError) as ctx:
            mv.build_ir()
        self.assertIn("no name and there is no mv.workload", ctx.exception.message)
        self.assertEqual(ctx.exception.line, line)


class FuncTest(SdkTestCase):
    def test_decorator_returns_function_unchanged(self):
        def call_api(a, b):
            return a + b
        decorated = mv.func()(call_api)
        self.assertIs(decorated, call_api)
        doc = mv.build_ir()
        self.assertEqual(doc["id"], "call-api")
        app = doc["apps"][0]
        self.assertEqual(app["name"], "call-api")
        self.assertEqual(app["dependencies"], {"kind": "none"})
        self.assertEqual(app["entrypoints"], [{
            "kind": "function", "language": "python", "module": __name__, "function": "call_api", "format": "json",
            "working_dir": "/app", "env": {}, "primary": True}])

    def test_function_in_main_maps_to_file_stem(self):
        def handler():
            pass
        handler.__module__ = "__main__"
        mv.func(name="h")(handler)
        self.assertEqual(mv.build_ir()["apps"][0]["entrypoints"][0]["module"], "test_declarations")

    def test_multi_function_app_and_primary(self):
        mv.workload("math")

        @mv.func(name="calc", dependencies=mv.python_deps("uv.lock"), network=mv.network("bridge"))
        def add(a, b):
            return a + b

        @mv.func(name="calc", module="handlers.math", function="multiply", entrypoint_env={"MODE": "fast"},
                 args_schema={"type": "object"}, extra_imports=["decimal"],
                 concurrency=mv.warm_process(100, 64), format="msgpack", working_dir="/srv", language="python")
        def mul(a, b):
            return a * b

        @mv.func(name="calc", primary=False)
        def sub(a, b):
            return a - b

        self.assertEqual(add(2, 3), 5)
        app = mv.build_ir()["apps"][0]
        self.assertEqual(app["dependencies"], {"kind": "python", "lockfile": "uv.lock", "tool": "uv"})
        self.assertEqual([ep["function"] for ep in app["entrypoints"]], ["add", "multiply", "sub"])
        self.assertEqual([ep["primary"] for ep in app["entrypoints"]], [True, False, False])
        second = app["entrypoints"][1]
        self.assertEqual(second["module"], "handlers.math")
        self.assertEqual(second["env"], {"MODE": {"kind": "literal", "value": "fast"}})
        self.assertEqual(second["format"], "msgpack")
        self.assertEqual(second["working_dir"], "/srv")
        self.assertEqual(second["extra_imports"], ["decimal"])
        self.assertEqual(second["concurrency"]["kind"], "warm_process")

    def test_explicit_primary_on_first(self):
        mv.func(name="f", primary=False)(lambda: None)
        mv.func(name="f", primary=True, function="other")(lambda: None)
        self.assertEqual([ep["primary"] for ep in mv.build_ir()["apps"][0]["entrypoints"]], [False, True])

    def test_func_errors(self):
        def ok():
            pass
        self.assertDeclError(lambda: mv.func(ok), "must be called with parentheses")
        self.assertDeclError(lambda: mv.func(name="Bad"), "function app name 'Bad' must match")
        self.assertDeclError(lambda: mv.func(format="xml")(ok), "format must be one of")
        self.assertDeclError(lambda: mv.func(primary="yes"), "primary must be a bool")
        self.assertDeclError(lambda: mv.func(image="python312")(ok), "image must be the result of")

        def _private():
            pass
        self.assertDeclError(lambda: mv.func()(_private), "derived from function '_private'")

    def test_app_level_argument_on_later_registration(self):
        mv.func(name="svc", threat_tier="trusted")(lambda: None)
        self.assertDeclError(lambda: mv.func(name="svc", function="g", threat_tier="untrusted")(lambda: None),
                             "app-level argument(s) threat_tier may only be given on the first")

    def test_every_app_level_argument_is_refused_on_a_later_registration(self):
        later = {
            "image": mv.python_image(), "source": mv.local_path(), "resources": mv.resources(), "env": {},
            "mounts": [], "network": None, "dependencies": mv.no_deps(), "threat_tier": "untrusted", "addons": [],
            "files": [], "health_check": None, "before_build": None, "before_start": [], "after_start": None,
            "before_stop": None,
        }
        mv.func(name="svc")(lambda: None)
        for key, value in sorted(later.items()):
            with self.subTest(argument=key):
                # Even the default value, even None: the argument is app-level, so only the first may give it.
                self.assertDeclError(lambda: mv.func(name="svc", function="g", **{key: value})(lambda: None),
                                     "app-level argument(s) %s may only be given on the first" % key)
        self.assertEqual(len(mv.build_ir()["apps"][0]["entrypoints"]), 1)

    def test_derived_name_lowercases_and_replaces_underscores(self):
        def Fetch_User_Data():
            pass
        mv.func()(Fetch_User_Data)
        self.assertEqual(mv.build_ir()["apps"][0]["name"], "fetch-user-data")

    def test_func_name_clashes_with_app(self):
        mv.app("svc", entrypoint=mv.entrypoint(["x"]))
        self.assertDeclError(lambda: mv.func(name="svc")(lambda: None), "an app named 'svc' is already declared")

    def test_function_app_emit_rules(self):
        # python-sdk.md §9: primary emitted, empty extra_imports omitted, network null, no untrusted tier,
        # no null hook phases.
        mv.workload("adder")

        @mv.func(name="adder", extra_imports=[], threat_tier="untrusted", before_start=[], after_start=None)
        def add(a, b):
            return a + b

        text = mv.emit_json()
        self.assertEqual(text, (
            '{"apps":[{"dependencies":{"kind":"none"},"entrypoints":[{"env":{},"format":"json","function":"add",'
            '"kind":"function","language":"python","module":"test_declarations","primary":true,"working_dir":"/app"}],'
            '"env":{},"image":{"kind":"nix_packages","packages":["python312"]},"mounts":[],"name":"adder",'
            '"network":null,"resources":{"cpu_cores":1,"memory_mb":256,"rootfs_size_mb":512},'
            '"source":{"exclude":[],"include":["**"],"kind":"local_path","path":"."}}],"extensions":{},'
            '"id":"adder","schema_version":"0.1","volumes":[]}'))
        self.assertNotIn("null,", text.replace('"dependencies":null,', "").replace('"network":null,', ""))


class SerializationTest(SdkTestCase):
    def test_emit_json_is_canonical_form(self):
        mv.workload("w", extensions={"b": "tab\there \"q\" back\\ nl\n esc\x1b del\x7f ls\u2028 /",
                                     "a": 1, "10": 2, "9": 3, "é": 4, "\uffff": 5, "\U0001F600": 6})
        mv.app(entrypoint=mv.entrypoint(["x"]))
        text = mv.emit_json()
        ext = text[text.index('"extensions":') + len('"extensions":'):text.index(',"id":')]
        self.assertEqual(ext, '{"10":2,"9":3,"a":1,"b":"tab\\there \\"q\\" back\\\\ nl\\n esc\\u001b del\x7f ls\u2028 /",'
                              '"é":4,"\uffff":5,"\U0001F600":6}')
        self.assertEqual(json.loads(text), mv.build_ir())
        self.assertFalse(text.endswith("\n"))


if __name__ == "__main__":
    unittest.main()
