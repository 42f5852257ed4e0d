"""cjrh-assistant: 产教融合 policy assistant (cited answers, exact draft checks)."""

__version__ = "0.1.0"
