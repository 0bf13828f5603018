"""Upgrade requirements.lock on purpose: resolve pyproject.toml (the app and the test extras) again to the
newest releases, install the result, run the tests and the benchmarks, and print what changed.

    python scripts/upgrade_lock.py                     # everything to the newest releases, then test
    python scripts/upgrade_lock.py --package lxml      # only these (and what they need), then test
    python scripts/upgrade_lock.py --no-upgrade        # pyproject.toml changed: add what it needs, keep the rest
    python scripts/upgrade_lock.py --compile-only      # write the lock and print the changes, nothing else

The resolver is uv's `uv pip compile` (pip install uv). Commit the lock only when the tests pass and the
benchmarks hold; `git checkout requirements.lock && bash scripts/install.sh` goes back."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from check_lock import pins

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "requirements.lock"
TORCH_CPU = "scripts/torch-cpu.txt"  # the constraint that keeps torch on its CPU build
FIND_LINKS = "/opt/wheels"
BENCHMARKS = (["benchmarks/retrieval.py", "--no-quickstart"], ["benchmarks/answers.py"])


def run(*command: str) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=REPO, check=True)


def compile_lock(upgrade: bool, packages: list[str], find_links: str) -> None:
    try:
        from uv import find_uv_bin
    except ImportError:
        sys.exit("✗ 需要 uv 来解析依赖：python -m pip install uv")
    command = [
        find_uv_bin(), "pip", "compile", "pyproject.toml", "--extra", "test", "--python", sys.executable,
        "--find-links", find_links, "--constraint", TORCH_CPU, "--output-file", LOCK.name,
        "--custom-compile-command", "python scripts/upgrade_lock.py",
    ]  # fmt: skip
    if upgrade:
        command += [f"--upgrade-package={name}" for name in packages] if packages else ["--upgrade"]
    run(*command)


def changes(old: dict[str, str], new: dict[str, str]) -> list[str]:
    lines = [f"  ↑ {n} {old[n]} → {new[n]}" for n in sorted(old.keys() & new.keys()) if old[n] != new[n]]
    lines += [f"  + {n} {new[n]}" for n in sorted(new.keys() - old.keys())]
    lines += [f"  − {n} {old[n]}" for n in sorted(old.keys() - new.keys())]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--package", action="append", default=[], help="upgrade only this package (repeatable)")
    parser.add_argument("--no-upgrade", action="store_true", help="keep every pin that still fits pyproject.toml")
    parser.add_argument("--compile-only", action="store_true", help="write the lock and print the changes only")
    parser.add_argument("--find-links", default=FIND_LINKS, help=f"where the CPU build of torch lies ({FIND_LINKS})")
    args = parser.parse_args()

    old = pins(LOCK) if LOCK.exists() else {}
    compile_lock(not args.no_upgrade, args.package, args.find_links)
    changed = changes(old, pins(LOCK))
    summary = "\n".join(["==> requirements.lock 的变化：", *(changed or ["  （无变化）"])])
    print(summary, flush=True)
    if args.compile_only or not changed:
        return 0
    run(sys.executable, "-m", "pip", "install", "-q", "-r", str(LOCK))
    run(sys.executable, "-m", "pip", "install", "-q", "--no-deps", "-e", ".")
    failed = []
    for step in (["bash", "scripts/test.sh"], *([sys.executable, *b] for b in BENCHMARKS)):
        try:
            run(*step)
        except subprocess.CalledProcessError as error:
            failed.append(f"{' '.join(step)}（退出码 {error.returncode}）")
    print(summary)
    if failed:
        print("✗ 未通过：", *failed, sep="\n  ", file=sys.stderr)
        print("  回到原来的锁：git checkout requirements.lock && bash scripts/install.sh", file=sys.stderr)
        return 1
    print("==> 测试通过；请对照上面的基准结果，确认无退化后提交 requirements.lock")
    return 0


if __name__ == "__main__":
    sys.exit(main())
