"""Run at build time (app/gui/CMakeLists.txt) after the browser's two CJK
fonts are made: fails the build unless every character given (hex code
points) is in the fuller font (site/cjk-full.ttf) and NOT in the first-load
subset, so the browser check web_font_on_demand, which shows such a
character, cannot pass without fetching the fuller font.

usage: font_coverage.py SUBSET.ttf FULL.ttf HEX..."""
import sys

from fontTools.ttLib import TTFont


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        sys.exit(2)
    subset = TTFont(sys.argv[1]).getBestCmap()
    full = TTFont(sys.argv[2]).getBestCmap()
    for code in (int(h, 16) for h in sys.argv[3:]):
        if code in subset:
            sys.exit("U+%04X is in the first-load subset: the on-demand check would pass without the fuller font" % code)
        if code not in full:
            sys.exit("U+%04X is not in the fuller font %s" % (code, sys.argv[2]))
        print("U+%04X %s: in the fuller font only" % (code, chr(code)))


if __name__ == "__main__":
    main()
