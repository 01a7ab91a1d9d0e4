#!/bin/sh
# cmake/debian-source.sh PACKAGE VERSION DEST: unpacks the upstream sources
# of Debian's source package PACKAGE (its .orig tarball) into DEST/, once.
#
# apt-get fetches it from the Debian mirror this machine already uses, given
# a deb-src entry through a temporary sources list (apt options), so the
# machine's apt configuration is left as it is; no root needed.
set -eu
package=$1 version=$2 dest=$3
[ -f "$dest/.unpacked-$version" ] && exit 0
work=$(mktemp -d "${TMPDIR:-/tmp}/arenalab-debsrc.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The mirror and the release of the machine's own `deb` entry for Debian
# (bookworm: http://deb.debian.org/debian/), else the usual one.
entry=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' 2>/dev/null |
        awk '$2 !~ /-/ && $1 ~ /debian\/?$/ {print; exit}')
[ -n "$entry" ] || entry="http://deb.debian.org/debian/ bookworm"
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
echo "deb-src $(echo "$entry" | cut -d' ' -f1) $(echo "$entry" | cut -d' ' -f2) main" > "$work/sources.list"
apt_opts="-o Dir::Etc::SourceList=$work/sources.list -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$work/lists -o Dir::Cache=$work/cache -o Debug::NoLocking=1 -o APT::Sandbox::User=$(id -un)"
echo "-- Fetching Debian's source package $package=$version ($(cat "$work/sources.list"))"
# shellcheck disable=SC2086
apt-get -qq $apt_opts update
# shellcheck disable=SC2086
(cd "$work/src" && apt-get -qq $apt_opts source --download-only "$package=$version")
orig=$(ls "$work/src/"*.orig.tar.* | head -n 1)
mkdir -p "$dest"
tar -xf "$orig" -C "$dest"
touch "$dest/.unpacked-$version"
