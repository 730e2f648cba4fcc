"""`make bench`: run every bench/bench_*.py module's ``run()`` in turn and print its figures.

Each module prints a small table. Set BENCH_ONLY=pages,catalog to run a subset.
"""

import importlib
import os
import pkgutil
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegwijzer.conf.test")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    only = {n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()}
    here = Path(__file__).resolve().parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        name = info.name.removeprefix("bench_")
        if only and name not in only:
            continue
        print(f"\n=== bench: {name} ===", flush=True)
        importlib.import_module(f"bench.{info.name}").run()


if __name__ == "__main__":
    main()
