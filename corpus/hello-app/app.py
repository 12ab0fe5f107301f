"""Minimal mvmforge workload: serve the bundled directory over HTTP."""
import mvmforge as mv

mv.workload("hello-app")
mv.app(
    image=mv.python_image("3.12"),
    source=mv.local_path(".", include=["app.py"]),
    entrypoint=mv.entrypoint(["python", "-m", "http.server", "8080"]),
    env={"HELLO_BANNER": "hi there"},
)
