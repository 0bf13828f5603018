"""Are the installed packages the ones requirements.lock pins? Prints each that is not and exits 1.

    python scripts/check_lock.py [requirements.lock]

scripts/test.sh runs it after installing through the lock, so a run never passes on other versions
than the ones the lock names (a package left behind by an earlier install included)."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import Version

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;]+)", re.M)


def pins(lock: Path) -> dict[str, str]:
    """name → exact version, for each `name==version` line of a pip-compile / uv lock file."""
    return {canonicalize_name(name): version for name, version in PIN.findall(lock.read_text(encoding="utf-8"))}


def mismatches(locked: dict[str, str]) -> list[str]:
    found = []
    for name, version in sorted(locked.items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            found.append(f"{name}: 锁定 {version}，未安装")
            continue
        if Version(installed) != Version(version):
            found.append(f"{name}: 锁定 {version}，已安装 {installed}")
    return found


def main() -> int:
    lock = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "requirements.lock")
    locked = pins(lock)
    wrong = mismatches(locked)
    for line in wrong:
        print(f"✗ {line}", file=sys.stderr)
    if wrong:
        print(f"✗ {len(wrong)} 个软件包与 {lock.name} 不一致：请重新运行 bash scripts/install.sh", file=sys.stderr)
        return 1
    print(f"==> 已安装的 {len(locked)} 个软件包与 {lock.name} 一致")
    return 0


if __name__ == "__main__":
    sys.exit(main())
