#!/bin/sh
# Extracts every marked message (tr, trf, N_: app/lab/i18n.hpp) from the
# sources into a .pot file with Debian's xgettext.
#   po/extract.sh SOURCE_DIR OUTPUT.pot
set -eu
src=$1
out=$2
cd "$src"
find app -name '*.cpp' -o -name '*.hpp' | LC_ALL=C sort > "$out.files"
xgettext --from-code=UTF-8 --language=C++ --keyword= --keyword=tr --keyword=trf --keyword=N_ \
  --add-comments=TRANSLATORS: --sort-by-file --no-wrap --package-name=arenalab \
  --msgid-bugs-address=issues --add-location=file --files-from="$out.files" -o "$out"
rm -f "$out.files"
