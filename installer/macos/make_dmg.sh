#!/bin/sh
# Put dist/Casebook.app in a disk image, with a link to Applications to drag it onto.
# Usage (on a Mac, after PyInstaller): installer/macos/make_dmg.sh DIST_DIR VERSION
# installer/build.py runs it; it writes DIST_DIR/Casebook-VERSION-macos.dmg.
set -eu
dist=$1
version=$2
app="$dist/Casebook.app"
[ -d "$app" ] || { echo "No $app: build it first (python installer/build.py)." >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -quiet -volname "Casebook $version" -srcfolder "$stage" -fs HFS+ \
    -format UDZO -ov "$dist/Casebook-$version-macos.dmg"
