"""mvmforge workload whose source bundle is the `hello` package."""
import mvmforge as mv

mv.workload("with-source")
mv.app(
    image=mv.python_image("3.12"),
    source=mv.local_path(".", include=["hello/**"], exclude=["**/__pycache__/**"]),
    entrypoint=mv.entrypoint(["python", "-m", "hello"]),
)
