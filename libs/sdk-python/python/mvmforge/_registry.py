"""Declared state: mv.workload, mv.app, @mv.func, and assembling the IR (python-sdk.md §2, §3.1–§3.3).

Declarations are recorded with their author call site, so problems found only when the whole
document is assembled (a missing workload id, a repeated app name) still point at the right line.
"""
from __future__ import annotations

import copy
import os

from . import _check as check
from . import _model as model
from ._errors import DeclarationError, caller_site, fail

SCHEMA_VERSION = "0.1"
ENTRY_MODULE_NAME = "__mvmforge_entry__"

_UNSET = object()  # distinguishes "not given" from an explicit default (repeated @mv.func)

APP_LEVEL_ARGS = ("image", "source", "resources", "env", "mounts", "network", "dependencies", "threat_tier",
                  "addons", "files", "health_check", "before_build", "before_start", "after_start", "before_stop")
THREAT_TIERS = ("untrusted", "trusted")


class _WorkloadDecl(object):
    def __init__(self, ident, volumes, extensions, site):
        self.id = ident
        self.volumes = volumes
        self.extensions = extensions
        self.site = site


class AppHandle(object):
    """What mv.app returns: an opaque handle on one declared app."""

    def __init__(self, name, body: dict, entrypoints: list, site):
        self._name = name  # None: the workload id, resolved when the IR is built
        self._body = body  # normalized App fields except name and entrypoints
        self._entrypoints = entrypoints
        self._site = site
        self._from_func = False

    def __repr__(self) -> str:
        return "<mvmforge app %s>" % (self._name if self._name is not None else "(workload id)")


class _State(object):
    def __init__(self):
        self.workload = None
        self.apps = []
        self.func_apps = {}


_state = _State()


def reset() -> None:
    """Clear every declaration (for tests, and before the emitter imports an entry)."""
    global _state
    _state = _State()


# --- mv.workload ----------------------------------------------------------------------------

def workload(id, *, volumes=None, extensions=None) -> None:  # noqa: A002 - spec'd name
    site = caller_site()
    if _state.workload is not None:
        first = _state.workload.site
        fail("mv.workload(...) may be called only once (first call at %s:%s)" % (first[0], first[1]))
    check.identifier(id, "workload id")
    volume_list = check.sequence(volumes, "volumes") if volumes is not None else []
    volume_irs = [model.expect(v, "volume_def", "volumes[%d]" % i, "mv.volume_def(...)").ir()
                  for i, v in enumerate(volume_list)]
    extensions_ir = check.json_object(extensions, "extensions") if extensions is not None else {}
    _state.workload = _WorkloadDecl(id, volume_irs, extensions_ir, site)


# --- app-level arguments shared by mv.app and @mv.func ----------------------------------------

def _app_body(image, source, resources, env, mounts, network, dependencies, threat_tier, addons, files,
              health_check, phases, default_dependencies) -> dict:
    body = {
        "image": (model.expect(image, "image", "image", "mv.python_image(...), mv.nix_packages(...), …").ir()
                  if image is not None else model.python_image("3.12").ir()),
        "source": (model.expect(source, "source", "source", "mv.local_path(...)").ir()
                   if source is not None else model.local_path(".").ir()),
        "resources": (model.expect(resources, "resources", "resources", "mv.resources(...)").ir()
                      if resources is not None else model.resources().ir()),
        "env": model.env_map(env, "env"),
        "mounts": [model.expect(m, "mount", "mounts[%d]" % i, "mv.volume/host_path/tmpfs/external_mount(...)").ir()
                   for i, m in enumerate(check.sequence(mounts, "mounts") if mounts is not None else [])],
        "network": (model.expect(network, "network", "network", "mv.network(...)").ir()
                    if network is not None else None),
    }
    if dependencies is not None:
        body["dependencies"] = model.expect(dependencies, "dependencies", "dependencies",
                                            "mv.python_deps(...), mv.node_deps(...) or mv.no_deps()").ir()
    else:
        body["dependencies"] = default_dependencies
    if check.one_of(threat_tier, "threat_tier", THREAT_TIERS) != "untrusted":
        body["threat_tier"] = threat_tier
    addon_list = [model.expect(a, "addon_use", "addons[%d]" % i, "mv.addon_use(...)").ir()
                  for i, a in enumerate(check.sequence(addons, "addons") if addons is not None else [])]
    if addon_list:
        body["addons"] = addon_list
    hooks = model.hooks_object(phases)
    if hooks:
        body["hooks"] = hooks
    file_list = [model.expect(f, "file", "files[%d]" % i, "mv.file(...)").ir()
                 for i, f in enumerate(check.sequence(files, "files") if files is not None else [])]
    if file_list:
        body["files"] = file_list
    if health_check is not None:
        body["health_check"] = model.expect(health_check, "health_check", "health_check", "mv.health_check(...)").ir()
    return body


# --- mv.app ---------------------------------------------------------------------------------

def app(name=None, *, entrypoint=None, entrypoints=None, image=None, source=None, resources=None, env=None,
        mounts=None, network=None, dependencies=None, threat_tier="untrusted", addons=None, files=None,
        health_check=None, before_build=None, before_start=None, after_start=None, before_stop=None) -> AppHandle:
    site = caller_site()
    if name is not None:
        check.identifier(name, "app name")
    if (entrypoint is None) == (entrypoints is None):
        fail("mv.app(...) needs exactly one of entrypoint= or entrypoints=")
    if entrypoint is not None:
        eps = [model.expect(entrypoint, "entrypoint", "entrypoint", "mv.entrypoint(...) or mv.entrypoint_function(...)").ir()]
    else:
        eps = [model.expect(ep, "entrypoint", "entrypoints[%d]" % i, "mv.entrypoint(...) or mv.entrypoint_function(...)").ir()
               for i, ep in enumerate(check.sequence(entrypoints, "entrypoints"))]
        if not eps:
            fail("entrypoints must contain at least one entrypoint")
    has_function = any(ep["kind"] == "function" for ep in eps)
    body = _app_body(image, source, resources, env, mounts, network, dependencies, threat_tier, addons, files,
                     health_check, {"before_build": before_build, "before_start": before_start,
                                    "after_start": after_start, "before_stop": before_stop},
                     default_dependencies=model.no_deps().ir() if has_function else None)
    _check_unique_name(name, site)
    handle = AppHandle(name, body, eps, site)
    _state.apps.append(handle)
    return handle


def _check_unique_name(name, site) -> None:
    if name is None:
        return
    for other in _state.apps:
        if other._name == name:
            fail("an app named %r is already declared at %s:%s" % (name, other._site[0], other._site[1]), site)


# --- @mv.func -------------------------------------------------------------------------------

def _function_module(fn) -> str:
    module = getattr(fn, "__module__", None)
    if module in (ENTRY_MODULE_NAME, "__main__") or not isinstance(module, str):
        # The guest imports the entry file by its own name from working_dir (§6.3).
        # Imported here: inspect costs ~6 ms (ast, dis, tokenize) that emits without functions skip.
        import inspect

        try:
            source_file = inspect.getsourcefile(fn) or fn.__code__.co_filename
        except TypeError:
            source_file = fn.__code__.co_filename
        return os.path.splitext(os.path.basename(source_file))[0]
    return module


def func(name=None, *, module=None, function=None, language="python", format="json", working_dir="/app",
         entrypoint_env=None, args_schema=None, return_schema=None, extra_imports=None, primary=None,
         concurrency=None, image=_UNSET, source=_UNSET, resources=_UNSET, env=_UNSET, mounts=_UNSET,
         network=_UNSET, dependencies=_UNSET, threat_tier=_UNSET, addons=_UNSET, files=_UNSET,
         health_check=_UNSET, before_build=_UNSET, before_start=_UNSET, after_start=_UNSET,
         before_stop=_UNSET):  # noqa: A002 - spec'd names
    site = caller_site()
    if callable(name) and not isinstance(name, str):
        fail("@mv.func must be called with parentheses: write @mv.func(...) above the function")
    if name is not None:
        check.identifier(name, "function app name")
    app_args = {
        "image": image, "source": source, "resources": resources, "env": env, "mounts": mounts, "network": network,
        "dependencies": dependencies, "threat_tier": threat_tier, "addons": addons, "files": files,
        "health_check": health_check, "before_build": before_build, "before_start": before_start,
        "after_start": after_start, "before_stop": before_stop,
    }
    given = {k: v for k, v in app_args.items() if v is not _UNSET}
    # Check entry-level arguments now, at the decorator line, before the function is known.
    if primary is not None:
        check.boolean(primary, "primary")
    if module is not None:
        check.string(module, "module")
    if function is not None:
        check.string(function, "function")

    def register(fn):
        if not callable(fn) or not hasattr(fn, "__name__"):
            fail("@mv.func(...) must decorate a function, got %s" % check.type_name(fn), site)
        app_name = name
        if app_name is None:
            app_name = fn.__name__.lower().replace("_", "-")
            if not check._ID_RE.fullmatch(app_name):
                fail("app name %r derived from function %r must match %s; pass name=..."
                     % (app_name, fn.__name__, check.ID_PATTERN), site)
        existing = _state.func_apps.get(app_name)
        try:
            ep_kwargs = dict(language=language, format=format, working_dir=working_dir, env=entrypoint_env,
                             args_schema=args_schema, return_schema=return_schema, extra_imports=extra_imports,
                             concurrency=concurrency,
                             primary=primary if primary is not None else existing is None)
            ep = model.entrypoint_function(module if module is not None else _function_module(fn),
                                           function if function is not None else fn.__name__, **ep_kwargs).ir()
            if existing is not None:
                if given:
                    fail("app-level argument(s) %s may only be given on the first @mv.func(name=%r)"
                         % (", ".join(sorted(given)), app_name))
                existing._entrypoints.append(ep)
                return fn
            _check_unique_name(app_name, site)
            args = {k: (None if v is _UNSET else v) for k, v in app_args.items()}
            body = _app_body(args["image"], args["source"], args["resources"], args["env"], args["mounts"],
                             args["network"], args["dependencies"],
                             "untrusted" if args["threat_tier"] is None else args["threat_tier"],
                             args["addons"], args["files"], args["health_check"],
                             {p: args[p] for p in model.HOOK_PHASES}, default_dependencies=model.no_deps().ir())
        except DeclarationError as err:
            # Checks inside the decorator body would otherwise point at the `def` line's caller;
            # report them at the @mv.func(...) line the author wrote.
            raise DeclarationError(err.message, site[0], site[1]) from None
        handle = AppHandle(app_name, body, [ep], site)
        handle._from_func = True
        _state.apps.append(handle)
        _state.func_apps[app_name] = handle
        return fn

    return register


# --- building the document ------------------------------------------------------------------

def build_ir() -> dict:
    """The normalized IR of everything declared (python-sdk.md §3.11, §4)."""
    decl = _state.workload
    if decl is None and not _state.apps:
        raise DeclarationError("no workload declared")
    if decl is not None:
        workload_id = decl.id
    else:
        first = _state.apps[0]
        if first._name is None:
            fail("this app has no name and there is no mv.workload(...) to take it from; "
                 "declare mv.workload(\"<id>\") or pass a name", first._site)
        workload_id = first._name
    if not _state.apps:
        fail("workload %r declares no app; add mv.app(...) or @mv.func(...)" % workload_id, decl.site)
    seen = {}
    apps = []
    for handle in _state.apps:
        app_name = handle._name if handle._name is not None else workload_id
        if app_name in seen:
            other = seen[app_name]
            fail("an app named %r is already declared at %s:%s" % (app_name, other[0], other[1]), handle._site)
        seen[app_name] = handle._site
        body = copy.deepcopy(handle._body)
        body["name"] = app_name
        body["entrypoints"] = copy.deepcopy(handle._entrypoints)
        apps.append(body)
    return {
        "schema_version": SCHEMA_VERSION,
        "id": workload_id,
        "apps": apps,
        "volumes": copy.deepcopy(decl.volumes) if decl is not None else [],
        "extensions": copy.deepcopy(decl.extensions) if decl is not None else {},
    }
