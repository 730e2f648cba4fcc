"""Fill empty Dutch msgstr entries of one app from a Python dict file (developer aid).

    python scripts/fill_po.py APP path/to/dict.py   # the file defines NL = {msgid: msgstr}
Existing translations are kept; plural entries take a [singular, plural] list.
"""

import runpy
import sys
from pathlib import Path

import polib

app, source = sys.argv[1], sys.argv[2]
table = runpy.run_path(source)["NL"]
path = (
    Path(__file__).resolve().parent.parent / "wegwijzer" / app / "locale/nl/LC_MESSAGES/django.po"
)
po = polib.pofile(str(path))
filled = 0
for entry in po:
    if entry.msgid not in table or entry.translated():
        continue
    value = table[entry.msgid]
    if entry.msgid_plural:
        entry.msgstr_plural = {0: value[0], 1: value[1]}
    else:
        entry.msgstr = value
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    filled += 1
po.metadata["Language"] = "nl"
po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
po.save()
print(f"{app}: filled {filled}; untranslated left: {len(po.untranslated_entries())}")
