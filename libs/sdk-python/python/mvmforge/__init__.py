"""mvmforge — declare a microVM workload in Python.

    import mvmforge as mv

    mv.workload("hello")
    mv.app(image=mv.python_image("3.12"), entrypoint=mv.entrypoint(["python", "-m", "hello"]))

The host runs `python3 -m mvmforge app.py` to obtain the Workload IR (JSON). Standard library only.
"""
import sys as _sys

# Checked before importing the submodules, whose syntax needs a newer Python: an old interpreter
# gets one clear line (exit 2 under `python -m mvmforge`, python-sdk.md §6.2 step 1).
if _sys.version_info < (3, 9):
    _message = "mvmforge.emit: Python 3.9 or newer is required (this is %d.%d)" % _sys.version_info[:2]
    if _sys.argv[:1] == ["-m"]:
        _sys.stderr.write(_message + "\n")
        raise SystemExit(2)
    raise ImportError(_message.replace("mvmforge.emit: ", "mvmforge: "))

import json as _json  # noqa: E402

from ._errors import DeclarationError  # noqa: E402
from ._model import (  # noqa: E402
    addon_use, custom_network, dns_none, dns_resolver, dns_system, egress, entrypoint, entrypoint_function,
    external_mount, file, health_check, hook, host_path, host_port, literal, local_path, network, nix_derivation,
    nix_packages, no_deps, node_deps, node_image, oci_base, oci_image, port, python_deps, python_image, resources,
    secret, sigv4, tmpfs, volume, volume_def, warm_process,
)
from ._registry import SCHEMA_VERSION, app, build_ir, func, reset, workload  # noqa: E402

# The mvmforge toolchain version (launch.json.toolchain_version). A constant on purpose: the SDK
# reads nothing at runtime; a test keeps it equal to libs/ir/package.json.
__version__ = "0.1.0"


def emit_json() -> str:
    """The normalized IR as canonical JSON text (sorted keys, no whitespace, UTF-8 characters raw)."""
    return _json.dumps(build_ir(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


__all__ = [
    "SCHEMA_VERSION", "DeclarationError", "__version__",
    "workload", "app", "func", "build_ir", "emit_json", "reset",
    "local_path", "nix_derivation", "oci_image", "nix_packages", "python_image", "node_image", "oci_base",
    "entrypoint", "entrypoint_function", "resources", "warm_process",
    "literal", "secret", "sigv4", "volume", "host_path", "tmpfs", "external_mount", "volume_def",
    "network", "custom_network", "port", "egress", "host_port", "dns_none", "dns_system", "dns_resolver",
    "python_deps", "node_deps", "no_deps", "hook", "file", "health_check", "addon_use",
]
