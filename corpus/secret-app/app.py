"""mvmforge command workload that calls an API with a bearer token it never sees in the IR."""
import mvmforge as mv

mv.workload("secret-app")
mv.app(
    image=mv.python_image("3.12"),
    source=mv.local_path(".", include=["client/**"], exclude=["**/__pycache__/**"]),
    entrypoint=mv.entrypoint(["python", "-m", "client"]),
    env={
        # The IR carries only the secret's name and where it may be sent, never its value.
        "API_TOKEN": mv.secret("example-api-token", type="bearer", hosts=["api.example.com"]),
        "API_BASE_URL": "https://api.example.com/v1",
    },
)
