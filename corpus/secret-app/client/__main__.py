import os

# Report only whether the token arrived; never print a secret.
print("API base:", os.environ.get("API_BASE_URL", "(unset)"))
print("token present:", bool(os.environ.get("API_TOKEN")))
