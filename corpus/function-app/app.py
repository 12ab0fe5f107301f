"""mvmforge function workload: `slugify` called with JSON arguments, dependencies pinned by hash."""
import mvmforge as mv

mv.workload("function-app")


@mv.func(
    source=mv.local_path(".", include=["app.py", "requirements.lock"], exclude=["**/__pycache__/**"]),
    dependencies=mv.python_deps("requirements.lock", tool="pip_tools"),
    args_schema={
        "type": "object",
        "properties": {"title": {"type": "string"}, "max_length": {"type": "integer"}},
        "required": ["title"],
    },
    return_schema={"type": "object", "properties": {"slug": {"type": "string"}}},
)
def slugify(title: str, max_length: int = 0) -> dict:
    # Imported here, not at module level: emitting the IR must not need the locked packages.
    from slugify import slugify as make_slug

    return {"slug": make_slug(title, max_length=max_length)}
