"""mvmforge workload on a bridged network: two forwarded ports and an explicit egress allow-list."""
import mvmforge as mv

mv.workload("network-app")
mv.app(
    image=mv.python_image("3.12"),
    source=mv.local_path(".", include=["static/**"], exclude=["**/__pycache__/**"]),
    entrypoint=mv.entrypoint(["python", "-m", "http.server", "8080", "--directory", "static"]),
    network=mv.network(
        "bridge",
        ports=[mv.port(8080), mv.port(9090, 19090, proto="udp")],
        egress=mv.egress([mv.host_port("pypi.org", 443), mv.host_port("files.pythonhosted.org", 443)]),
        dns=mv.dns_system(),
    ),
)
