"""Where events such as a fired guard are recorded: `<data dir>/cjrh.log`, not the user's terminal."""

from __future__ import annotations

import logging
from pathlib import Path


def log_to_file(data_dir: Path) -> Path:
    path = Path(data_dir) / "cjrh.log"
    logger = logging.getLogger("cjrh")
    if not any(isinstance(h, logging.FileHandler) and Path(h.baseFilename) == path.resolve() for h in logger.handlers):
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the terminal shows the notice in the answer, the log keeps the details
    return path
