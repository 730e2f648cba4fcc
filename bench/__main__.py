"""`make bench`: run every bench/bench_*.py module's ``run()``, each in its own process (so
each can pick its own throwaway database), and print their figures.

Set BENCH_ONLY=pages,catalog to run a subset.
"""

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    only = {n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()}
    failed = 0
    for info in sorted(pkgutil.iter_modules([str(ROOT / "bench")]), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        name = info.name.removeprefix("bench_")
        if only and name not in only:
            continue
        print(f"\n=== bench: {name} ===", flush=True)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wegwijzer.conf.test"}
        env.pop("DATABASE_URL", None)
        code = f"import bench.{info.name} as m; m.run()"
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=False)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
