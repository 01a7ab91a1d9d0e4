#!/bin/sh
# After changing a marked message in the sources: re-extracts
# po/arenalab.pot and merges it into po/zh_CN.po (new messages arrive
# untranslated, changed ones fuzzy: translate them, then remove `#, fuzzy`).
# The test `po_complete` fails until every message has its Chinese.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/po/extract.sh" "$root" "$root/po/arenalab.pot"
msgmerge --quiet --update --backup=none --no-wrap --no-fuzzy-matching "$root/po/zh_CN.po" "$root/po/arenalab.pot"
# Messages no source uses any more go (git keeps their history).
msgattrib --no-obsolete --no-wrap -o "$root/po/zh_CN.po" "$root/po/zh_CN.po"
