"""IR constructors (python-sdk.md §3.4–§3.10).

Each constructor checks its arguments at once and returns an opaque `Spec` holding the
**normalized** IR fragment (ir-v0 §5: defaults filled, emit rules applied), so building the
document later is plain assembly. Fragments are copied when assembled; a Spec is never mutated.
"""
from __future__ import annotations

import base64
import copy
import re

from . import _check as check
from ._errors import fail


class Spec(object):
    """An IR fragment of one category ("image", "mount", …); opaque to authors."""

    __slots__ = ("category", "_ir")

    def __init__(self, category: str, ir):
        self.category = category
        self._ir = ir

    def ir(self):
        return copy.deepcopy(self._ir)

    def __repr__(self) -> str:
        return "mv.%s(%r)" % (self.category, self._ir)


class SecretSpec(Spec):
    """A secret reference whose env-mount `var` may default to the env key it is placed under."""

    __slots__ = ("_var_default",)

    def __init__(self, ir, var_default: bool):
        super().__init__("secret", ir)
        self._var_default = var_default

    def under_key(self, key: str) -> dict:
        ir = self.ir()
        if self._var_default:
            ir["ref"]["mount"]["var"] = key
        return ir


def expect(value, category: str, what: str, constructor: str) -> Spec:
    if not isinstance(value, Spec) or value.category != category:
        fail("%s must be the result of %s, got %s" % (what, constructor, _describe(value)))
    return value


def _describe(value) -> str:
    if isinstance(value, Spec):
        return "mv.%s(...)" % value.category
    return check.type_name(value)


# --- §3.4 source and image -------------------------------------------------------------------

def local_path(path=".", *, include=None, exclude=None) -> Spec:
    check.string(path, "local_path path")
    include_list = check.string_list(include, "include") if include is not None else []
    exclude_list = check.string_list(exclude, "exclude") if exclude is not None else []
    return Spec("source", {
        "kind": "local_path",
        "path": path,
        "include": include_list or ["**"],
        "exclude": exclude_list,
    })


def nix_derivation(expr) -> Spec:
    return Spec("source", {"kind": "nix_derivation", "expr": check.string(expr, "nix_derivation expr")})


def oci_image(reference, digest) -> Spec:
    return Spec("source", {
        "kind": "oci_image",
        "reference": check.string(reference, "oci_image reference"),
        "digest": check.string(digest, "oci_image digest"),
    })


def nix_packages(packages) -> Spec:
    return Spec("image", {"kind": "nix_packages", "packages": check.string_list(packages, "packages", non_empty=True)})


_PYTHON_VERSION_RE = re.compile(r"[0-9]+(\.[0-9]+)?")
_NODE_VERSION_RE = re.compile(r"[0-9]+")


def python_image(python="3.12", *, packages=None) -> Spec:
    check.string(python, "python version")
    if not _PYTHON_VERSION_RE.fullmatch(python):
        fail("python version %r must match ^[0-9]+(\\.[0-9]+)?$ (e.g. \"3.12\")" % python)
    extra = check.string_list(packages, "packages") if packages is not None else []
    return Spec("image", {"kind": "nix_packages", "packages": ["python" + python.replace(".", "")] + extra})


def node_image(node="22", *, packages=None) -> Spec:
    check.string(node, "node version")
    if not _NODE_VERSION_RE.fullmatch(node):
        fail("node version %r must match ^[0-9]+$ (e.g. \"22\")" % node)
    extra = check.string_list(packages, "packages") if packages is not None else []
    return Spec("image", {"kind": "nix_packages", "packages": ["nodejs_" + node] + extra})


def oci_base(reference, digest) -> Spec:
    return Spec("image", {
        "kind": "oci_base",
        "reference": check.string(reference, "oci_base reference"),
        "digest": check.string(digest, "oci_base digest"),
    })


# --- §3.6 environment and secrets ------------------------------------------------------------

def literal(value) -> Spec:
    return Spec("literal", {"kind": "literal", "value": check.string(value, "literal value")})


def sigv4(access_key_id, region, service) -> Spec:
    return Spec("sigv4", {
        "access_key_id": check.string(access_key_id, "sigv4 access_key_id"),
        "region": check.string(region, "sigv4 region"),
        "service": check.string(service, "sigv4 service"),
    })


AUTH_TYPES = ("sigv4", "hmac", "bearer", "basic")


def secret(name, *, type, hosts, var=None, file=None, sigv4=None) -> Spec:  # noqa: A002 - spec'd names
    check.string(name, "secret name")
    check.one_of(type, "secret type", AUTH_TYPES)
    allowed_hosts = check.string_list(hosts, "secret hosts")
    if not allowed_hosts:
        fail("secret %r needs a non-empty hosts list (the destinations it may be sent to)" % name)
    if var is not None and file is not None:
        fail("secret %r: var and file are mutually exclusive" % name)
    if file is not None:
        mount = {"kind": "file", "path": check.string(file, "secret file")}
    else:
        mount = {"kind": "env", "var": check.env_name(var, "secret var") if var is not None else None}
    sigv4_ir = expect(sigv4, "sigv4", "secret sigv4", "mv.sigv4(...)").ir() if sigv4 is not None else None
    ir = {
        "kind": "secret_ref",
        "ref": {"name": name, "mount": mount, "auth_type": type, "allowed_hosts": allowed_hosts, "sigv4": sigv4_ir},
    }
    return SecretSpec(ir, var_default=(file is None and var is None))


def env_map(env, what: str) -> dict:
    """An env dict: str → literal, mv.literal, mv.secret (var defaults to the key)."""
    if env is None:
        return {}
    if not isinstance(env, dict):
        fail("%s must be a dict, got %s" % (what, check.type_name(env)))
    result = {}
    for key, value in env.items():
        if not isinstance(key, str):
            fail("%s keys must be str, got %s" % (what, check.type_name(key)))
        check.env_name(key, "env key")
        if isinstance(value, str):
            result[key] = {"kind": "literal", "value": check.string(value, "env value of %r" % key)}
        elif isinstance(value, SecretSpec):
            result[key] = value.under_key(key)
        elif isinstance(value, Spec) and value.category == "literal":
            result[key] = value.ir()
        else:
            fail("env value of %r must be a str, mv.literal(...) or mv.secret(...), got %s "
                 "(no implicit str() conversion)" % (key, _describe(value)))
    return result


# --- §3.5 entrypoints and resources ----------------------------------------------------------

def entrypoint(command, *, working_dir="/app", env=None) -> Spec:
    argv = check.string_list(command, "command")
    if not argv:
        fail("command must be a non-empty list of str")
    return Spec("entrypoint", {
        "kind": "command",
        "command": argv,
        "working_dir": check.working_dir(working_dir),
        "env": env_map(env, "entrypoint env"),
    })


FORMATS = ("json", "msgpack")


def entrypoint_function(module, function, *, language="python", format="json", working_dir="/app", env=None,
                        args_schema=None, return_schema=None, extra_imports=None, primary=False,
                        concurrency=None) -> Spec:  # noqa: A002 - spec'd names
    ir = {
        "kind": "function",
        "language": check.string(language, "language"),
        "module": check.string(module, "module"),
        "function": check.string(function, "function"),
        "format": check.one_of(format, "format", FORMATS),
        "working_dir": check.working_dir(working_dir),
        "env": env_map(env, "entrypoint env"),
        "primary": check.boolean(primary, "primary"),
    }
    if args_schema is not None:
        ir["args_schema"] = check.json_object(args_schema, "args_schema")
    if return_schema is not None:
        ir["return_schema"] = check.json_object(return_schema, "return_schema")
    imports = check.string_list(extra_imports, "extra_imports") if extra_imports is not None else []
    if imports:
        ir["extra_imports"] = imports
    if concurrency is not None:
        ir["concurrency"] = expect(concurrency, "concurrency", "concurrency", "mv.warm_process(...)").ir()
    return Spec("entrypoint", ir)


def resources(cpu_cores=1, memory_mb=256, rootfs_size_mb=512) -> Spec:
    return Spec("resources", {
        "cpu_cores": check.u16(cpu_cores, "cpu_cores"),
        "memory_mb": check.u32(memory_mb, "memory_mb"),
        "rootfs_size_mb": check.u32(rootfs_size_mb, "rootfs_size_mb"),
    })


IN_PROCESS_MODES = ("serial", "concurrent")


def warm_process(max_calls_per_worker, max_rss_mb, *, pool_size=1, in_process="serial", max_queue_depth=None) -> Spec:
    ir = {
        "kind": "warm_process",
        "max_calls_per_worker": check.u64(max_calls_per_worker, "max_calls_per_worker"),
        "max_rss_mb": check.u64(max_rss_mb, "max_rss_mb"),
        "pool_size": check.u64(pool_size, "pool_size"),
        "in_process": check.one_of(in_process, "in_process", IN_PROCESS_MODES),
    }
    if max_queue_depth is not None:
        ir["max_queue_depth"] = check.u64(max_queue_depth, "max_queue_depth")
    return Spec("concurrency", ir)


# --- §3.6 mounts and volumes -----------------------------------------------------------------

MOUNT_MODES = ("ro", "rw")


def _mount(source: dict, target, mode) -> Spec:
    return Spec("mount", {
        "target": check.string(target, "mount target"),
        "source": source,
        "mode": check.one_of(mode, "mount mode", MOUNT_MODES),
    })


def volume(name, *, target, mode="rw") -> Spec:
    return _mount({"kind": "volume", "name": check.string(name, "volume name")}, target, mode)


def host_path(path, *, target, mode="ro") -> Spec:
    return _mount({"kind": "host_path", "path": check.string(path, "host_path path")}, target, mode)


def tmpfs(size_mb, *, target, mode="rw") -> Spec:
    return _mount({"kind": "tmpfs", "size_mb": check.u32(size_mb, "tmpfs size_mb")}, target, mode)


def external_mount(provider, config, *, target, mode="ro") -> Spec:
    return _mount({
        "kind": "external",
        "provider": check.string(provider, "external_mount provider"),
        "config": check.json_value(config, "external_mount config"),
    }, target, mode)


def volume_def(name, size_mb, *, persist=False) -> Spec:
    return Spec("volume_def", {
        "name": check.string(name, "volume_def name"),
        "size_mb": check.u32(size_mb, "volume_def size_mb"),
        "persist": check.boolean(persist, "volume_def persist"),
    })


# --- §3.7 network ----------------------------------------------------------------------------

NETWORK_MODES = ("none", "bridge", "host")
PROTOCOLS = ("tcp", "udp")


def custom_network(provider, config) -> Spec:
    return Spec("network_mode", {"custom": {
        "provider": check.string(provider, "custom_network provider"),
        "config": check.json_value(config, "custom_network config"),
    }})


def port(guest, host=None, *, proto="tcp") -> Spec:
    guest_port = check.port(guest, "port guest")
    host_port_number = guest_port if host is None else check.port(host, "port host")
    return Spec("port", {"guest": guest_port, "host": host_port_number, "proto": check.one_of(proto, "proto", PROTOCOLS)})


def host_port(host, port) -> Spec:
    return Spec("host_port", {"host": check.string(host, "host_port host"), "port": check.port(port, "host_port port")})


def egress(allowlist) -> Spec:
    entries = check.sequence(allowlist, "egress allowlist")
    return Spec("egress", {"allowlist": [
        expect(entry, "host_port", "egress allowlist[%d]" % i, "mv.host_port(...)").ir()
        for i, entry in enumerate(entries)
    ]})


def dns_none() -> Spec:
    return Spec("dns", {"kind": "none"})


def dns_system() -> Spec:
    return Spec("dns", {"kind": "system"})


def dns_resolver(host, port=53) -> Spec:
    return Spec("dns", {"kind": "resolver", "host": check.string(host, "dns_resolver host"),
                        "port": check.u16(port, "dns_resolver port")})


def network(mode="none", *, ports=None, egress=None, peers=None, dns=None) -> Spec:
    if isinstance(mode, Spec):
        mode_ir = expect(mode, "network_mode", "network mode", "mv.custom_network(...)").ir()
    else:
        mode_ir = check.one_of(mode, "network mode", NETWORK_MODES)
    port_list = check.sequence(ports, "ports") if ports is not None else []
    ir = {"mode": mode_ir, "ports": [
        expect(p, "port", "ports[%d]" % i, "mv.port(...)").ir() for i, p in enumerate(port_list)
    ]}
    if egress is not None:
        ir["egress"] = expect(egress, "egress", "egress", "mv.egress(...)").ir()
    peer_list = check.sequence(peers, "peers") if peers is not None else []
    if peer_list:
        ir["peers"] = [check.identifier(p, "peers[%d]" % i) for i, p in enumerate(peer_list)]
    if dns is not None:
        ir["dns"] = expect(dns, "dns", "dns", "mv.dns_none(), mv.dns_system() or mv.dns_resolver(...)").ir()
    return Spec("network", ir)


# --- §3.8 dependencies -----------------------------------------------------------------------

PYTHON_TOOLS = ("uv", "pip_tools")
NODE_TOOLS = ("pnpm", "npm", "yarn")


def python_deps(lockfile, *, tool="uv") -> Spec:
    check.string(lockfile, "lockfile")
    if tool == "pip-tools":
        tool = "pip_tools"
    return Spec("dependencies", {"kind": "python", "lockfile": lockfile, "tool": check.one_of(tool, "tool", PYTHON_TOOLS)})


def node_deps(lockfile, *, tool="pnpm") -> Spec:
    check.string(lockfile, "lockfile")
    return Spec("dependencies", {"kind": "node", "lockfile": lockfile, "tool": check.one_of(tool, "tool", NODE_TOOLS)})


def no_deps() -> Spec:
    return Spec("dependencies", {"kind": "none"})


# --- §3.9 hooks ------------------------------------------------------------------------------

HOOK_PHASES = ("before_build", "before_start", "after_start", "before_stop")


def hook(cmd) -> Spec:
    return Spec("hook", _hook_cmd(cmd, "hook"))


def _hook_cmd(cmd, what: str) -> dict:
    if isinstance(cmd, str):
        return {"kind": "shell", "line": check.string(cmd, what)}
    if isinstance(cmd, (list, tuple)):
        argv = check.string_list(cmd, what)
        if not argv:
            fail("%s argv must be a non-empty list of str" % what)
        return {"kind": "argv", "argv": argv}
    fail("%s must be a str (shell line) or a non-empty list of str (argv), got %s" % (what, _describe(cmd)))


def phase_commands(value, what: str) -> list:
    """A phase value: a str, a mv.hook(...), or a list whose elements are str / list of str / mv.hook."""
    if value is None:
        return []
    if isinstance(value, str):
        return [_hook_cmd(value, what)]
    if isinstance(value, Spec) and value.category == "hook":
        return [value.ir()]
    if isinstance(value, (list, tuple)):
        commands = []
        for i, element in enumerate(value):
            if isinstance(element, Spec) and element.category == "hook":
                commands.append(element.ir())
            else:
                commands.append(_hook_cmd(element, "%s[%d]" % (what, i)))
        return commands
    fail("%s must be a str, a list or mv.hook(...), got %s" % (what, _describe(value)))


def hooks_object(phases: dict) -> dict:
    """Hooks with every empty phase omitted (an all-empty result is omitted by the caller)."""
    result = {}
    for phase in HOOK_PHASES:
        commands = phase_commands(phases.get(phase), phase)
        if commands:
            result[phase] = commands
    return result


# --- §3.10 files, health checks, addons ------------------------------------------------------

_OCTAL_MODE_RE = re.compile(r"[0-7]{3,4}")


def file(path, content, *, mode=None) -> Spec:
    check.string(path, "file path")
    if isinstance(content, str):
        data = check.string(content, "file content").encode("utf-8")
    elif isinstance(content, (bytes, bytearray)):
        data = bytes(content)
    else:
        fail("file content must be bytes or str, got %s" % check.type_name(content))
    ir = {"path": path, "bytes_b64": base64.b64encode(data).decode("ascii")}
    if mode is not None:
        if isinstance(mode, str):
            if not _OCTAL_MODE_RE.fullmatch(mode):
                fail("file mode %r must be an octal string matching ^[0-7]{3,4}$" % mode)
            ir["mode"] = mode
        else:
            ir["mode"] = "%04o" % check.integer(mode, "file mode", 0, 0o7777)
    return Spec("file", ir)


def health_check(command, *, interval_secs=30, timeout_secs=5, retries=3, start_period_secs=0) -> Spec:
    return Spec("health_check", {
        "command": check.string_list(command, "health_check command", non_empty=True),
        "interval_secs": check.u32(interval_secs, "interval_secs"),
        "timeout_secs": check.u32(timeout_secs, "timeout_secs"),
        "retries": check.u32(retries, "retries"),
        "start_period_secs": check.u32(start_period_secs, "start_period_secs"),
    })


ADDON_TIERS = ("separate", "in_vm")


def addon_use(name, *, sha256, version=None, path=None, url=None, alias=None, tier="separate", params=None,
              hooks=None) -> Spec:
    check.identifier(name, "addon name")
    if (version is None) == (path is None):
        fail("addon %r needs exactly one of version= (registry) or path= (local)" % name)
    if path is not None:
        if url is not None:
            fail("addon %r: url= only applies to registry addons (version=), not to path=" % name)
        ref = {"kind": "local", "path": check.string(path, "addon path")}
    else:
        ref = {
            "kind": "registry",
            "url": check.string(url, "addon url") if url is not None else "addons.mvm.io/" + name,
            "version": check.string(version, "addon version"),
        }
    ir = {
        "name": name,
        "tier": check.one_of(tier, "addon tier", ADDON_TIERS),
        "ref": ref,
        "sha256": check.string(sha256, "addon sha256"),
    }
    if alias is not None:
        ir["alias"] = check.identifier(alias, "addon alias")
    params_ir = check.json_object(params, "addon params") if params is not None else {}
    if params_ir:
        ir["params"] = params_ir
    if hooks is not None:
        if not isinstance(hooks, dict):
            fail("addon hooks must be a dict of phase -> commands, got %s" % check.type_name(hooks))
        for phase in hooks:
            if phase not in HOOK_PHASES:
                fail("addon hooks phase %r must be one of %s" % (phase, ", ".join(HOOK_PHASES)))
        hooks_ir = hooks_object(hooks)
        if hooks_ir:
            ir["hooks"] = hooks_ir
    return Spec("addon_use", ir)
