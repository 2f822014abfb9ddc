# Hand-written: edit overrides/splx_probe_client/__main__.py, not this copy (installed by `make generate`).
"""``python -m splx_probe_client``: the ``splx-probe`` command."""

import sys

from ._cli import main

if __name__ == "__main__":
    sys.exit(main())
