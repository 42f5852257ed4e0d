"""Load and validate the rule packs (`rules/*.yaml`). A bad pack fails here, naming its file and rule id."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..bundled import RULES_DIR
from ..errors import RulePackError
from .schema import Pack

DEFAULT_RULES_DIR = RULES_DIR  # the packs the package ships; --rules DIR overrides


def load_pack(path: Path) -> Pack:
    try:
        # libyaml's safe loader when present: 124 -> 17 ms for the packs (the pure-Python one was 27% of `cjrh check`)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:  # PyYAML's own message is English: say where, in Chinese
        mark = getattr(exc, "problem_mark", None)
        where = f"（第 {mark.line + 1} 行第 {mark.column + 1} 列附近）" if mark else ""
        raise RulePackError(f"规则包 {path.name} 不是有效的 YAML{where}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(f"规则包 {path.name} 无法读取：{exc}") from exc
    if not isinstance(data, dict):
        raise RulePackError(f"规则包 {path.name} 不是一个映射（应包含 pack、fields、rules 等键）")
    try:
        return Pack.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        where = ""
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            rules = data.get("rules") or []
            rule_id = rules[loc[1]].get("id", f"第{loc[1] + 1}条") if loc[1] < len(rules) else "?"
            where = f"规则 {rule_id}，"
            loc = loc[2:]
        field = ".".join(str(part) for part in loc)
        message = str(err["msg"]).removeprefix("Value error, ")
        raise RulePackError(f"规则包 {path.name} 有误：{where}{field + '：' if field else ''}{message}") from exc


def load_packs(rules_dir: Path = DEFAULT_RULES_DIR) -> dict[str, Pack]:
    """Every pack of the folder, by pack id, in file-name order. Validated once per version of the files: a
    server checking many drafts does not re-read them, and an edited pack is picked up."""
    files = sorted(rules_dir.glob("*.yaml"))
    if not files:
        raise RulePackError(f"规则目录中没有规则包（*.yaml）：{rules_dir}")
    return dict(_load(tuple((f, f.stat().st_mtime_ns, f.stat().st_size) for f in files)))


@lru_cache(maxsize=8)
def _load(versions: tuple[tuple[Path, int, int], ...]) -> tuple[tuple[str, Pack], ...]:
    files = [f for f, _, _ in versions]
    packs: dict[str, Pack] = {}
    for path in files:
        pack = load_pack(path)
        if pack.pack in packs:
            raise RulePackError(f"规则包 {path.name}：包名 {pack.pack} 与另一文件重复")
        packs[pack.pack] = pack
    return tuple(packs.items())
