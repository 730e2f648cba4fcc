"""Translation catalogues: each app keeps its own ``locale/nl/LC_MESSAGES/django.po``.

python scripts/translations.py extract [APP]  # update .po files (needs xgettext)
python scripts/translations.py compile   # .po -> .mo, pure Python (polib), no gettext needed
python scripts/translations.py check     # extract (if xgettext exists), then fail on any
                                         # untranslated or fuzzy Dutch entry, then compile
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APPS_DIR = ROOT / "wegwijzer"


def app_dirs() -> list[Path]:
    return sorted(p for p in APPS_DIR.iterdir() if p.is_dir() and (p / "apps.py").exists())


def po_files() -> list[Path]:
    return sorted(APPS_DIR.glob("*/locale/*/LC_MESSAGES/*.po"))


def extract(only: str | None = None) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wegwijzer.conf.test"}
    for app in app_dirs():
        if only and app.name != only:
            continue
        (app / "locale").mkdir(exist_ok=True)
        for domain in ("django",):
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "manage.py"),
                    "makemessages",
                    "-l",
                    "nl",
                    "-d",
                    domain,
                    "--no-obsolete",
                    "--no-location",
                    "--ignore",
                    "tests/*",
                ],
                cwd=app,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )


def compile_all() -> None:
    for po_path in po_files():
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


def check() -> int:
    if shutil.which("xgettext"):
        extract()
    else:
        print(
            "translations: xgettext (GNU gettext) not found; checking the existing .po files only"
        )
    problems = []
    for po_path in po_files():
        po = polib.pofile(str(po_path))
        rel = po_path.relative_to(ROOT)
        for entry in po.untranslated_entries():
            problems.append(f"{rel}: untranslated: {entry.msgid!r}")
        for entry in po.fuzzy_entries():
            problems.append(f"{rel}: fuzzy (check and remove the fuzzy flag): {entry.msgid!r}")
    if problems:
        print(f"Missing Dutch translations ({len(problems)}):")
        print("\n".join(f"  {p}" for p in problems))
        return 1
    compile_all()
    print(f"translations: {len(po_files())} Dutch catalogue(s) complete")
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "extract":
        extract(sys.argv[2] if len(sys.argv) > 2 else None)
    elif command == "compile":
        compile_all()
    elif command == "check":
        sys.exit(check())
    else:
        sys.exit(__doc__)
