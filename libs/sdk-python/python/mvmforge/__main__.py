"""`python3 -m mvmforge ENTRY.py` — the emitter (python-sdk.md §6)."""
import sys

if sys.version_info < (3, 9):
    sys.stderr.write("mvmforge.emit: Python 3.9 or newer is required (this is %d.%d)\n" % sys.version_info[:2])
    sys.exit(2)

from mvmforge._emit import main  # noqa: E402 - only after the version check

sys.exit(main(sys.argv[1:]))
