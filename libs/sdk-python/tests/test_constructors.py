"""Every constructor of python-sdk.md §3.4–§3.10: produced IR, defaults and each DeclarationError."""
import unittest

from support import SdkTestCase, mv


def ir(spec):
    return spec.ir()


class SourceAndImageTest(SdkTestCase):
    def test_local_path_defaults(self):
        self.assertEqual(ir(mv.local_path()), {"kind": "local_path", "path": ".", "include": ["**"], "exclude": []})

    def test_local_path_patterns_keep_order(self):
        spec = mv.local_path("src", include=["b/**", "a/**"], exclude=["**/x", "**/x"])
        self.assertEqual(ir(spec), {"kind": "local_path", "path": "src", "include": ["b/**", "a/**"],
                                    "exclude": ["**/x", "**/x"]})

    def test_local_path_errors(self):
        self.assertDeclError(lambda: mv.local_path(3), "local_path path must be a str")
        self.assertDeclError(lambda: mv.local_path(".", include="app.py"), "include must be a list")
        self.assertDeclError(lambda: mv.local_path(".", exclude=[1]), "exclude[0] must be a str")
        self.assertDeclError(lambda: mv.local_path("a\x00b"), "must not contain U+0000")

    def test_reserved_sources(self):
        self.assertEqual(ir(mv.nix_derivation("pkgs.hello")), {"kind": "nix_derivation", "expr": "pkgs.hello"})
        self.assertEqual(ir(mv.oci_image("r", "sha256:x")), {"kind": "oci_image", "reference": "r", "digest": "sha256:x"})
        self.assertDeclError(lambda: mv.oci_image("r", None), "oci_image digest must be a str")

    def test_images(self):
        self.assertEqual(ir(mv.python_image()), {"kind": "nix_packages", "packages": ["python312"]})
        self.assertEqual(ir(mv.python_image("3", packages=["curl"]))["packages"], ["python3", "curl"])
        self.assertEqual(ir(mv.node_image())["packages"], ["nodejs_22"])
        self.assertEqual(ir(mv.node_image("20", packages=["git"]))["packages"], ["nodejs_20", "git"])
        self.assertEqual(ir(mv.nix_packages(["hello", "jq"])), {"kind": "nix_packages", "packages": ["hello", "jq"]})
        self.assertEqual(ir(mv.oci_base("ref", "sha256:d")), {"kind": "oci_base", "reference": "ref", "digest": "sha256:d"})

    def test_image_errors(self):
        self.assertDeclError(lambda: mv.python_image("3.12.1"), "python version '3.12.1' must match")
        self.assertDeclError(lambda: mv.python_image(3.12), "python version must be a str")
        self.assertDeclError(lambda: mv.node_image("v22"), "node version 'v22' must match")
        self.assertDeclError(lambda: mv.nix_packages([]), "packages must not be empty")
        self.assertDeclError(lambda: mv.nix_packages("hello"), "packages must be a list")


class EntrypointTest(SdkTestCase):
    def test_command_defaults(self):
        self.assertEqual(ir(mv.entrypoint(["python", "-m", "hello"])),
                         {"kind": "command", "command": ["python", "-m", "hello"], "working_dir": "/app", "env": {}})

    def test_command_with_env(self):
        spec = mv.entrypoint(("run",), working_dir="/srv/app", env={"A": "1", "B": mv.literal("2")})
        self.assertEqual(ir(spec)["env"], {"A": {"kind": "literal", "value": "1"}, "B": {"kind": "literal", "value": "2"}})
        self.assertEqual(ir(spec)["working_dir"], "/srv/app")

    def test_command_errors(self):
        self.assertDeclError(lambda: mv.entrypoint([]), "command must be a non-empty list")
        self.assertDeclError(lambda: mv.entrypoint("python -m hello"), "command must be a list")
        self.assertDeclError(lambda: mv.entrypoint(["python", 3]), "command[1] must be a str")

    def test_working_dir_rules(self):
        for bad, why in (("app", "absolute"), ("/", "must not be '/'"), ("/app/", "end with '/'"),
                         ("/a//b", "normalized"), ("/a/./b", "normalized"), ("/a/../b", "normalized"),
                         ("/a\nb", "line break"), ("/a\rb", "line break")):
            with self.subTest(bad=bad):
                self.assertDeclError(lambda: mv.entrypoint(["x"], working_dir=bad), why)

    def test_function_defaults_and_emit_rules(self):
        self.assertEqual(ir(mv.entrypoint_function("calc", "add")), {
            "kind": "function", "language": "python", "module": "calc", "function": "add", "format": "json",
            "working_dir": "/app", "env": {}, "primary": False})

    def test_function_all_fields(self):
        spec = mv.entrypoint_function("calc", "mul", language="node", format="msgpack", working_dir="/w",
                                      env={"K": "v"}, args_schema={"type": "object"}, return_schema={},
                                      extra_imports=["json"], primary=True,
                                      concurrency=mv.warm_process(100, 128, pool_size=2, max_queue_depth=5))
        self.assertEqual(ir(spec), {
            "kind": "function", "language": "node", "module": "calc", "function": "mul", "format": "msgpack",
            "working_dir": "/w", "env": {"K": {"kind": "literal", "value": "v"}}, "primary": True,
            "args_schema": {"type": "object"}, "return_schema": {}, "extra_imports": ["json"],
            "concurrency": {"kind": "warm_process", "max_calls_per_worker": 100, "max_rss_mb": 128, "pool_size": 2,
                            "in_process": "serial", "max_queue_depth": 5}})

    def test_function_errors(self):
        self.assertDeclError(lambda: mv.entrypoint_function("m", "f", format="xml"), "format must be one of")
        self.assertDeclError(lambda: mv.entrypoint_function("m", "f", args_schema=[1]), "args_schema must be a dict")
        self.assertDeclError(lambda: mv.entrypoint_function("m", "f", return_schema={"x": 1.5}), "must not contain a float")
        self.assertDeclError(lambda: mv.entrypoint_function("m", "f", primary=1), "primary must be a bool")
        self.assertDeclError(lambda: mv.entrypoint_function("m", "f", extra_imports="os"), "extra_imports must be a list")
        self.assertDeclError(lambda: mv.entrypoint_function("m", "f", concurrency={}), "must be the result of mv.warm_process")
        self.assertDeclError(lambda: mv.entrypoint_function("m", "f", working_dir="rel"), "absolute")
        self.assertDeclError(lambda: mv.entrypoint_function("m", "f", args_schema={1: "x"}), "keys must be str")

    def test_resources(self):
        self.assertEqual(ir(mv.resources()), {"cpu_cores": 1, "memory_mb": 256, "rootfs_size_mb": 512})
        self.assertEqual(ir(mv.resources(0, 4294967295, 7)), {"cpu_cores": 0, "memory_mb": 4294967295, "rootfs_size_mb": 7})
        self.assertDeclError(lambda: mv.resources(cpu_cores=65536), "between 0 and 65535")
        self.assertDeclError(lambda: mv.resources(cpu_cores=True), "cpu_cores must be an int, got bool")
        self.assertDeclError(lambda: mv.resources(memory_mb=1.0), "memory_mb must be an int, got float")
        self.assertDeclError(lambda: mv.resources(rootfs_size_mb=-1), "between 0 and 4294967295")

    def test_warm_process(self):
        self.assertEqual(ir(mv.warm_process(1000, 64)), {"kind": "warm_process", "max_calls_per_worker": 1000,
                                                          "max_rss_mb": 64, "pool_size": 1, "in_process": "serial"})
        self.assertEqual(ir(mv.warm_process(2 ** 53 - 1, 1, in_process="concurrent"))["in_process"], "concurrent")
        self.assertDeclError(lambda: mv.warm_process(2 ** 53, 1), "between 0 and 9007199254740991")
        self.assertDeclError(lambda: mv.warm_process(1, 1, in_process="parallel"), "in_process must be one of")
        self.assertDeclError(lambda: mv.warm_process(1, 1, max_queue_depth=-1), "max_queue_depth must be between")


class EnvAndSecretTest(SdkTestCase):
    def test_literal(self):
        self.assertEqual(ir(mv.literal("x")), {"kind": "literal", "value": "x"})
        self.assertDeclError(lambda: mv.literal(1), "literal value must be a str")

    def test_secret_var_defaults_to_env_key(self):
        spec = mv.entrypoint(["x"], env={"API_KEY": mv.secret("store-key", type="bearer", hosts=["api.example.com"])})
        self.assertEqual(ir(spec)["env"]["API_KEY"], {"kind": "secret_ref", "ref": {
            "name": "store-key", "mount": {"kind": "env", "var": "API_KEY"}, "auth_type": "bearer",
            "allowed_hosts": ["api.example.com"], "sigv4": None}})

    def test_secret_same_object_under_two_keys(self):
        token = mv.secret("t", type="basic", hosts=["h.example.com"])
        env = ir(mv.entrypoint(["x"], env={"A": token, "B": token}))["env"]
        self.assertEqual(env["A"]["ref"]["mount"]["var"], "A")
        self.assertEqual(env["B"]["ref"]["mount"]["var"], "B")

    def test_secret_var_file_and_sigv4(self):
        aws = mv.secret("aws", type="sigv4", hosts=["*.amazonaws.com"], var="AWS_CRED",
                        sigv4=mv.sigv4("AKID", "eu-west-1", "s3"))
        self.assertEqual(ir(mv.entrypoint(["x"], env={"K": aws}))["env"]["K"]["ref"], {
            "name": "aws", "mount": {"kind": "env", "var": "AWS_CRED"}, "auth_type": "sigv4",
            "allowed_hosts": ["*.amazonaws.com"],
            "sigv4": {"access_key_id": "AKID", "region": "eu-west-1", "service": "s3"}})
        as_file = mv.secret("h", type="hmac", hosts=["a.example.com", "b.example.com"], file="/run/secrets/h")
        self.assertEqual(ir(mv.entrypoint(["x"], env={"K": as_file}))["env"]["K"]["ref"]["mount"],
                         {"kind": "file", "path": "/run/secrets/h"})

    def test_secret_errors(self):
        self.assertDeclError(lambda: mv.secret("s", type="jwt", hosts=["h"]), "secret type must be one of")
        self.assertDeclError(lambda: mv.secret("s", type="bearer", hosts=[]), "needs a non-empty hosts list")
        self.assertDeclError(lambda: mv.secret("s", type="bearer", hosts="h"), "secret hosts must be a list")
        self.assertDeclError(lambda: mv.secret("s", type="bearer", hosts=["h"], var="V", file="/f"), "mutually exclusive")
        self.assertDeclError(lambda: mv.secret("s", type="bearer", hosts=["h"], var="MY-VAR"), "secret var 'MY-VAR' must match")
        self.assertDeclError(lambda: mv.secret("s", type="sigv4", hosts=["h"], sigv4={}), "must be the result of mv.sigv4")
        self.assertDeclError(lambda: mv.sigv4("a", "b", 3), "sigv4 service must be a str")

    def test_env_errors(self):
        self.assertDeclError(lambda: mv.entrypoint(["x"], env={"MY-VAR": "x"}), "env key 'MY-VAR' must match")
        self.assertDeclError(lambda: mv.entrypoint(["x"], env={"PORT": 8080}), "no implicit str() conversion")
        self.assertDeclError(lambda: mv.entrypoint(["x"], env={1: "x"}), "keys must be str")
        self.assertDeclError(lambda: mv.entrypoint(["x"], env=[("A", "b")]), "entrypoint env must be a dict")
        self.assertDeclError(lambda: mv.entrypoint(["x"], env={"A": "nul\x00"}), "U+0000")


class MountAndVolumeTest(SdkTestCase):
    def test_mounts(self):
        self.assertEqual(ir(mv.volume("data", target="/data")),
                         {"target": "/data", "source": {"kind": "volume", "name": "data"}, "mode": "rw"})
        self.assertEqual(ir(mv.host_path("/etc/ssl", target="/etc/ssl"))["mode"], "ro")
        self.assertEqual(ir(mv.host_path("/etc/ssl", target="/etc/ssl"))["source"], {"kind": "host_path", "path": "/etc/ssl"})
        self.assertEqual(ir(mv.tmpfs(64, target="/tmp")),
                         {"target": "/tmp", "source": {"kind": "tmpfs", "size_mb": 64}, "mode": "rw"})
        self.assertEqual(ir(mv.external_mount("s3fs", None, target="/s3", mode="rw")),
                         {"target": "/s3", "source": {"kind": "external", "provider": "s3fs", "config": None}, "mode": "rw"})
        self.assertEqual(ir(mv.external_mount("nfs", {"server": "n", "opts": [1, -2, True]}, target="/n"))["source"]["config"],
                         {"server": "n", "opts": [1, -2, True]})

    def test_mount_errors(self):
        self.assertDeclError(lambda: mv.volume("d", target="/d", mode="rx"), "mount mode must be one of")
        self.assertDeclError(lambda: mv.tmpfs(-1, target="/t"), "tmpfs size_mb must be between")
        self.assertDeclError(lambda: mv.external_mount("p", {"x": 0.5}, target="/t"), "must not contain a float")
        self.assertDeclError(lambda: mv.host_path("/p", target=None), "mount target must be a str")

    def test_volume_def(self):
        self.assertEqual(ir(mv.volume_def("cache", 128)), {"name": "cache", "size_mb": 128, "persist": False})
        self.assertEqual(ir(mv.volume_def("db", 1, persist=True))["persist"], True)
        self.assertDeclError(lambda: mv.volume_def("db", 1, persist="yes"), "persist must be a bool")


class NetworkTest(SdkTestCase):
    def test_network_defaults(self):
        self.assertEqual(ir(mv.network()), {"mode": "none", "ports": []})

    def test_network_full(self):
        spec = mv.network("bridge", ports=[mv.port(8080), mv.port(53, 5353, proto="udp")],
                          egress=mv.egress([mv.host_port("pypi.org", 443)]), peers=["db", "cache"],
                          dns=mv.dns_resolver("10.0.0.53"))
        self.assertEqual(ir(spec), {
            "mode": "bridge",
            "ports": [{"guest": 8080, "host": 8080, "proto": "tcp"}, {"guest": 53, "host": 5353, "proto": "udp"}],
            "egress": {"allowlist": [{"host": "pypi.org", "port": 443}]},
            "peers": ["db", "cache"],
            "dns": {"kind": "resolver", "host": "10.0.0.53", "port": 53}})

    def test_empty_egress_and_peers(self):
        spec = mv.network("host", egress=mv.egress([]), peers=[], dns=mv.dns_none())
        self.assertEqual(ir(spec), {"mode": "host", "ports": [], "egress": {"allowlist": []}, "dns": {"kind": "none"}})
        self.assertEqual(ir(mv.dns_system()), {"kind": "system"})

    def test_custom_mode(self):
        spec = mv.network(mv.custom_network("cni", {"name": "net0"}))
        self.assertEqual(ir(spec)["mode"], {"custom": {"provider": "cni", "config": {"name": "net0"}}})

    def test_port_host_defaults_to_guest(self):
        self.assertEqual(ir(mv.port(443)), {"guest": 443, "host": 443, "proto": "tcp"})
        self.assertEqual(ir(mv.port(443, None, proto="udp")), {"guest": 443, "host": 443, "proto": "udp"})
        self.assertEqual(ir(mv.port(1, 65535))["host"], 65535)

    def test_network_errors(self):
        self.assertDeclError(lambda: mv.network("nat"), "network mode must be one of")
        self.assertDeclError(lambda: mv.network("bridge", ports=[8080]), "ports[0] must be the result of mv.port")
        self.assertDeclError(lambda: mv.network("bridge", peers=["Bad"]), "peers[0] 'Bad' must match")
        self.assertDeclError(lambda: mv.network("bridge", egress=["pypi.org"]), "must be the result of mv.egress")
        self.assertDeclError(lambda: mv.network("bridge", dns="system"), "dns must be the result of")
        self.assertDeclError(lambda: mv.port(0), "port guest must be between 1 and 65535")
        self.assertDeclError(lambda: mv.port(80, 65536), "port host must be between 1 and 65535")
        self.assertDeclError(lambda: mv.port(80, proto="icmp"), "proto must be one of")
        self.assertDeclError(lambda: mv.host_port("h", 0), "host_port port must be between 1 and 65535")
        self.assertDeclError(lambda: mv.egress([("h", 1)]), "egress allowlist[0] must be the result of mv.host_port")
        self.assertDeclError(lambda: mv.dns_resolver("h", port=70000), "dns_resolver port must be between 0 and 65535")


class DependenciesTest(SdkTestCase):
    def test_dependencies(self):
        self.assertEqual(ir(mv.python_deps("uv.lock")), {"kind": "python", "lockfile": "uv.lock", "tool": "uv"})
        self.assertEqual(ir(mv.python_deps("r.lock", tool="pip-tools"))["tool"], "pip_tools")
        self.assertEqual(ir(mv.python_deps("r.lock", tool="pip_tools"))["tool"], "pip_tools")
        self.assertEqual(ir(mv.node_deps("pnpm-lock.yaml")), {"kind": "node", "lockfile": "pnpm-lock.yaml", "tool": "pnpm"})
        self.assertEqual(ir(mv.node_deps("yarn.lock", tool="yarn"))["tool"], "yarn")
        self.assertEqual(ir(mv.no_deps()), {"kind": "none"})

    def test_dependency_errors(self):
        self.assertDeclError(lambda: mv.python_deps("r.lock", tool="poetry"), "tool must be one of")
        self.assertDeclError(lambda: mv.node_deps("l", tool="bun"), "tool must be one of")
        self.assertDeclError(lambda: mv.python_deps(None), "lockfile must be a str")


class HookTest(SdkTestCase):
    def test_hook(self):
        self.assertEqual(ir(mv.hook("make migrate")), {"kind": "shell", "line": "make migrate"})
        self.assertEqual(ir(mv.hook(["python", "-m", "migrate"])), {"kind": "argv", "argv": ["python", "-m", "migrate"]})
        self.assertEqual(ir(mv.hook(("a", "b"))), {"kind": "argv", "argv": ["a", "b"]})
        self.assertDeclError(lambda: mv.hook([]), "argv must be a non-empty list")
        self.assertDeclError(lambda: mv.hook(3), "hook must be a str")


class FileHealthAddonTest(SdkTestCase):
    def test_file(self):
        self.assertEqual(ir(mv.file("/etc/motd", "hi\n")), {"path": "/etc/motd", "bytes_b64": "aGkK"})
        self.assertEqual(ir(mv.file("/b", b"\x00\xff", mode=0o644)), {"path": "/b", "bytes_b64": "AP8=", "mode": "0644"})
        self.assertEqual(ir(mv.file("/b", "é", mode="755"))["mode"], "755")
        self.assertEqual(ir(mv.file("/b", "é"))["bytes_b64"], "w6k=")
        self.assertEqual(ir(mv.file("/b", "", mode=0o4755))["mode"], "4755")
        self.assertEqual(ir(mv.file("/b", "", mode=0o7))["mode"], "0007")  # always 4 octal digits
        self.assertEqual(ir(mv.file("/b", "", mode="0640"))["mode"], "0640")
        self.assertEqual(ir(mv.file("/b", bytearray(b"\xfb\xff")))["bytes_b64"], "+/8=")  # standard alphabet
        self.assertDeclError(lambda: mv.file("/b", "", mode="64"), "must be an octal string")
        self.assertDeclError(lambda: mv.file("/b", "", mode="0800"), "must be an octal string")
        self.assertDeclError(lambda: mv.file("/b", "", mode=-1), "file mode must be between")
        self.assertDeclError(lambda: mv.file("/b", 3), "file content must be bytes or str")
        self.assertDeclError(lambda: mv.file("/b", "", mode="0x1"), "must be an octal string")
        self.assertDeclError(lambda: mv.file("/b", "", mode=0o17777), "file mode must be between")

    def test_health_check(self):
        self.assertEqual(ir(mv.health_check(["curl", "-f", "localhost"])), {
            "command": ["curl", "-f", "localhost"], "interval_secs": 30, "timeout_secs": 5, "retries": 3,
            "start_period_secs": 0})
        self.assertEqual(ir(mv.health_check(["t"], interval_secs=1, timeout_secs=2, retries=0, start_period_secs=9))["retries"], 0)
        self.assertDeclError(lambda: mv.health_check([]), "health_check command must not be empty")
        self.assertDeclError(lambda: mv.health_check(["t"], retries=-1), "retries must be between")

    def test_addon_use(self):
        sha = "a" * 64
        self.assertEqual(ir(mv.addon_use("redis", sha256=sha, version="7.2")), {
            "name": "redis", "tier": "separate", "ref": {"kind": "registry", "url": "addons.mvm.io/redis", "version": "7.2"},
            "sha256": sha})
        full = mv.addon_use("pg", sha256=sha, path="./addons/pg", alias="main-db", tier="in_vm",
                            params={"10": 1, "9": [None]}, hooks={"after_start": "pg_isready", "before_stop": []})
        self.assertEqual(ir(full), {
            "name": "pg", "alias": "main-db", "tier": "in_vm", "ref": {"kind": "local", "path": "./addons/pg"},
            "sha256": sha, "params": {"10": 1, "9": [None]},
            "hooks": {"after_start": [{"kind": "shell", "line": "pg_isready"}]}})
        self.assertEqual(ir(mv.addon_use("r", sha256=sha, version="1", url="reg.example/r"))["ref"]["url"], "reg.example/r")

    def test_addon_errors(self):
        self.assertDeclError(lambda: mv.addon_use("r", sha256="x"), "exactly one of version=")
        self.assertDeclError(lambda: mv.addon_use("r", sha256="x", version="1", path="p"), "exactly one of version=")
        self.assertDeclError(lambda: mv.addon_use("r", sha256="x", path="p", url="u"), "url= only applies")
        self.assertDeclError(lambda: mv.addon_use("Redis", sha256="x", version="1"), "addon name 'Redis' must match")
        self.assertDeclError(lambda: mv.addon_use("r", sha256="x", version="1", alias="A"), "addon alias 'A' must match")
        self.assertDeclError(lambda: mv.addon_use("r", sha256="x", version="1", tier="vm"), "addon tier must be one of")
        self.assertDeclError(lambda: mv.addon_use("r", sha256="x", version="1", hooks={"after_build": "x"}), "phase 'after_build'")
        self.assertDeclError(lambda: mv.addon_use("r", sha256="x", version="1", params={"f": 0.1}), "float")


class JsonValueTest(SdkTestCase):
    def test_open_values(self):
        spec = mv.external_mount("p", {"list": [1, "s", None, False, {"k": [2]}], "neg": -9007199254740991}, target="/t")
        self.assertEqual(ir(spec)["source"]["config"]["neg"], -9007199254740991)
        self.assertDeclError(lambda: mv.external_mount("p", {"n": 2 ** 53}, target="/t"), "between")
        self.assertDeclError(lambda: mv.external_mount("p", {"s": {1, 2}}, target="/t"), "JSON-compatible")
        self.assertDeclError(lambda: mv.external_mount("p", {"k\x00": 1}, target="/t"), "U+0000")
        self.assertDeclError(lambda: mv.external_mount("p", "\ud800", target="/t"), "lone surrogate")

    def test_floats_rejected_at_any_depth(self):
        # python-sdk.md §5: no float anywhere, including nested open values.
        self.assertDeclError(lambda: mv.workload("w", extensions={"a": [{"b": [1, 2.0]}]}), "extensions['a'][0]['b'][1]")
        self.assertDeclError(lambda: mv.custom_network("cni", {"x": {"mtu": 1.5e3}}), "must not contain a float")
        self.assertDeclError(lambda: mv.entrypoint_function("m", "f", args_schema={"p": {"min": [0.0]}}), "float")
        self.assertDeclError(lambda: mv.addon_use("r", sha256="x", version="1", params={"a": {"b": float("nan")}}), "float")

    def test_bool_is_not_an_int(self):
        self.assertDeclError(lambda: mv.port(True), "port guest must be an int, got bool")
        self.assertDeclError(lambda: mv.host_port("h", True), "must be an int, got bool")
        self.assertDeclError(lambda: mv.file("/f", "", mode=True), "file mode must be an int, got bool")
        self.assertDeclError(lambda: mv.warm_process(1, 1, pool_size=False), "pool_size must be an int, got bool")
        self.assertDeclError(lambda: mv.volume_def("v", True), "size_mb must be an int, got bool")
        # Inside open values a bool stays a bool (it is a JSON boolean, not a number).
        self.assertEqual(ir(mv.external_mount("p", {"b": True, "i": 1}, target="/t"))["source"]["config"],
                         {"b": True, "i": 1})

    def test_u64_bound_is_2_pow_53_minus_1(self):
        top = 2 ** 53 - 1
        spec = mv.warm_process(top, top, pool_size=top, max_queue_depth=top)
        self.assertEqual(ir(spec)["max_queue_depth"], top)
        self.assertDeclError(lambda: mv.warm_process(1, 2 ** 53), "max_rss_mb must be between 0 and 9007199254740991")
        self.assertDeclError(lambda: mv.warm_process(1, 1, max_queue_depth=2 ** 53), "between 0 and 9007199254740991")
        self.assertDeclError(lambda: mv.external_mount("p", -(2 ** 53), target="/t"), "between")

    def test_every_string_argument_is_type_checked(self):
        # python-sdk.md §5: str where strings are expected, reported at the caller's line.
        cases = [
            (lambda: mv.nix_derivation(1), "nix_derivation expr must be a str, got int"),
            (lambda: mv.oci_image(None, "d"), "oci_image reference must be a str"),
            (lambda: mv.oci_base("r", b"d"), "oci_base digest must be a str, got bytes"),
            (lambda: mv.node_image(22), "node version must be a str, got int"),
            (lambda: mv.python_image(packages=[3]), "packages[0] must be a str"),
            (lambda: mv.entrypoint_function(1, "f"), "module must be a str"),
            (lambda: mv.entrypoint_function("m", None), "function must be a str"),
            (lambda: mv.entrypoint_function("m", "f", language=1), "language must be a str"),
            (lambda: mv.entrypoint_function("m", "f", extra_imports=[1]), "extra_imports[0] must be a str"),
            (lambda: mv.secret(1, type="bearer", hosts=["h"]), "secret name must be a str"),
            (lambda: mv.secret("s", type="bearer", hosts=[1]), "secret hosts[0] must be a str"),
            (lambda: mv.secret("s", type="bearer", hosts=["h"], file=1), "secret file must be a str"),
            (lambda: mv.sigv4(1, "r", "s"), "sigv4 access_key_id must be a str"),
            (lambda: mv.volume(1, target="/v"), "volume name must be a str"),
            (lambda: mv.host_path(None, target="/h"), "host_path path must be a str"),
            (lambda: mv.external_mount(1, None, target="/e"), "external_mount provider must be a str"),
            (lambda: mv.volume_def(1, 1), "volume_def name must be a str"),
            (lambda: mv.custom_network(1, {}), "custom_network provider must be a str"),
            (lambda: mv.host_port(1, 80), "host_port host must be a str"),
            (lambda: mv.dns_resolver(None), "dns_resolver host must be a str"),
            (lambda: mv.node_deps(1), "lockfile must be a str"),
            (lambda: mv.file(1, "x"), "file path must be a str"),
            (lambda: mv.health_check(["ok", 1]), "health_check command[1] must be a str"),
            (lambda: mv.addon_use("r", sha256=1, version="1"), "addon sha256 must be a str"),
            (lambda: mv.addon_use("r", sha256="x", version=1), "addon version must be a str"),
            (lambda: mv.addon_use("r", sha256="x", path=1), "addon path must be a str"),
            (lambda: mv.addon_use("r", sha256="x", version="1", url=1), "addon url must be a str"),
        ]
        for thunk, fragment in cases:
            with self.subTest(fragment=fragment):
                self.assertDeclError(thunk, fragment)

    def test_every_integer_argument_is_range_checked(self):
        cases = [
            (lambda: mv.resources(memory_mb=2 ** 32), "memory_mb must be between 0 and 4294967295"),
            (lambda: mv.volume_def("v", -1), "volume_def size_mb must be between 0 and 4294967295"),
            (lambda: mv.health_check(["t"], interval_secs=2 ** 32), "interval_secs must be between"),
            (lambda: mv.health_check(["t"], timeout_secs=-1), "timeout_secs must be between"),
            (lambda: mv.health_check(["t"], start_period_secs="0"), "start_period_secs must be an int, got str"),
            (lambda: mv.warm_process(-1, 1), "max_calls_per_worker must be between"),
            (lambda: mv.port(65536), "port guest must be between 1 and 65535"),
        ]
        for thunk, fragment in cases:
            with self.subTest(fragment=fragment):
                self.assertDeclError(thunk, fragment)

    def test_copies_are_independent(self):
        config = {"a": [1]}
        spec = mv.external_mount("p", config, target="/t")
        config["a"].append(2)
        first = ir(spec)
        first["source"]["config"]["a"].append(3)
        self.assertEqual(ir(spec)["source"]["config"], {"a": [1]})


if __name__ == "__main__":
    unittest.main()
