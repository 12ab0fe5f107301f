print("hello from a bundled mvmforge workload")
