#!/usr/bin/env sh
# Install the launcher entry, the AppStream metainfo and the icon for the current user (or under PREFIX).
#   packaging/linux/install.sh                      Exec=desktop-app (a pip install puts it on PATH)
#   packaging/linux/install.sh dist/desktop-app     Exec= the bundle's executable (make package / package-lite)
#   PREFIX=/usr/local sudo -E packaging/linux/install.sh /opt/desktop-app
set -eu
ID=io.github.desktop_app.DesktopApp
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PREFIX=${PREFIX:-${XDG_DATA_HOME:-$HOME/.local/share}}
case "$PREFIX" in */share) SHARE=$PREFIX ;; *) SHARE=$PREFIX/share ;; esac
EXEC=desktop-app
if [ $# -ge 1 ]; then
  EXEC=$(cd "$1" && pwd)/desktop-app
  [ -x "$EXEC" ] || { echo "error: $EXEC is not an executable bundle" >&2; exit 1; }
fi
install -d "$SHARE/applications" "$SHARE/metainfo" "$SHARE/icons/hicolor/scalable/apps"
sed -e "s|^Exec=.*|Exec=\"$EXEC\"|" -e "s|^TryExec=.*|TryExec=$EXEC|" "$HERE/$ID.desktop" > "$SHARE/applications/$ID.desktop"
install -m 644 "$HERE/$ID.metainfo.xml" "$SHARE/metainfo/$ID.metainfo.xml"
install -m 644 "$ROOT/resources/icons/app.svg" "$SHARE/icons/hicolor/scalable/apps/$ID.svg"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
echo "Installed $ID (Exec=$EXEC) under $SHARE"
