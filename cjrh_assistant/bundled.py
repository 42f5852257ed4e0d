"""The data the package ships: the rule packs, the policy corpus, its embeddings and the decision model.

Found with importlib.resources, so they are the same files in a source checkout, an editable install and an
installed wheel. In the repository `cjrh_assistant/_data/rules` and `_data/corpus` are symlinks to the top-level
`rules/` and `corpus/` (the source of truth); building a wheel copies the files they point at (pyproject.toml,
package-data). User folders override these through the settings and the CLI flags; nothing here is written to.
Standard library only: the rules core imports this module.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def _path(*parts: str) -> Path:
    # pip unpacks a wheel into site-packages, so the resources are real files that can be globbed and stat'ed
    # (a zipped import would fail here, by name, rather than with an empty rule folder).
    return Path(os.fspath(files(__package__).joinpath(*parts)))


RULES_DIR = _path("_data", "rules")
CORPUS_DIR = _path("_data", "corpus")
DECISION_FILE = _path("retrieval", "decision.json")
VECTORS_DIR = _path("_data", "vectors")  # the bundled corpus's embeddings (retrieval/shipped_vectors.py)
