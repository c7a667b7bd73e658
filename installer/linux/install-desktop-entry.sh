#!/bin/sh
# Add Casebook to this user's applications menu (no administrator rights needed).
# Run it from the unpacked casebook folder:  ./install-desktop-entry.sh
# To remove the menu entry again:            ./install-desktop-entry.sh --remove
# Neither touches the case records, which live in ~/.local/share/Casebook/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
entry="$data/applications/casebook.desktop"
icon="$data/icons/hicolor/256x256/apps/casebook.png"

if [ "${1:-}" = "--remove" ]; then
    rm -f "$entry" "$icon"
    echo "Removed the Casebook menu entry. Case records in $data/Casebook were not touched."
    exit 0
fi

if [ ! -x "$here/casebook" ]; then
    echo "Run this script from the unpacked casebook folder (casebook not found in $here)." >&2
    exit 1
fi
case "$here" in
    *'"'* | *'`'* | *'$'* | *'\'*)
        echo "Move the casebook folder to a path without \" \` \$ or \\ in it, then run this again." >&2
        exit 1 ;;
esac
mkdir -p "$(dirname "$entry")" "$(dirname "$icon")"
cp "$here/casebook.png" "$icon"
while IFS= read -r line || [ -n "$line" ]; do
    case $line in
        Exec=*) printf 'Exec="%s"\n' "$here/casebook" ;;
        TryExec=*) printf 'TryExec=%s\n' "$here/casebook" ;;
        *) printf '%s\n' "$line" ;;
    esac
done < "$here/casebook.desktop" > "$entry"
chmod 0644 "$entry"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
echo "Casebook is now in your applications menu (entry: $entry)."
