"""Parity vectors shared with other SDKs: the same workload has one IR hash whatever wrote it.

`hello-parity` is upstream mvm's cross-SDK vector (tinylabscom/mvm
tests/ir-parity-fixtures/hello-parity.py@0bc48545, pinned address in
crates/mvm-sdk/tests/ir_address_parity.rs); libs/sdk-ts pins the same hash for its TypeScript twin.
"""
import hashlib
import unittest

from support import SdkTestCase, mv

HELLO_PARITY_HASH = "b7106af4133c7d678744adb3b617e7289bc3f4c131b2df03a8e9cc49aac90037"
HELLO_PARITY_BYTES = (
    '{"apps":[{"dependencies":null,"entrypoints":[{"command":["python","-m","greeter"],"env":{},"kind":"command",'
    '"working_dir":"/app"}],"env":{"GREETING":{"kind":"literal","value":"hello"}},"image":{"kind":"nix_packages",'
    '"packages":["python312"]},"mounts":[],"name":"greeter","network":null,"resources":{"cpu_cores":2,'
    '"memory_mb":512,"rootfs_size_mb":1024},"source":{"exclude":[],"include":["**"],"kind":"local_path",'
    '"path":"."}}],"extensions":{},"id":"hello-parity","schema_version":"0.1","volumes":[]}'
)


class HelloParityTest(SdkTestCase):
    def declare(self):
        mv.workload("hello-parity")
        mv.app(
            "greeter",
            entrypoint=mv.entrypoint(["python", "-m", "greeter"]),
            env={"GREETING": mv.literal("hello")},
            resources=mv.resources(2, 512, 1024),
        )

    def test_hash_is_upstreams(self):
        self.declare()
        self.assertEqual(hashlib.sha256(mv.emit_json().encode("utf-8")).hexdigest(), HELLO_PARITY_HASH)

    def test_bytes(self):
        self.declare()
        self.assertEqual(mv.emit_json(), HELLO_PARITY_BYTES)

    def test_a_different_workload_has_a_different_hash(self):
        mv.workload("hello-parity")
        mv.app("greeter", entrypoint=mv.entrypoint(["python", "-m", "greeter"]), resources=mv.resources(2, 512, 1024))
        self.assertNotEqual(hashlib.sha256(mv.emit_json().encode("utf-8")).hexdigest(), HELLO_PARITY_HASH)


if __name__ == "__main__":
    unittest.main()
