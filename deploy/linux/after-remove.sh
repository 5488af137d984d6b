#!/bin/bash
# deb postrm of SMS Kiosk Sign-In: undo after-install.sh except the data in /var/lib/sms-kiosk
# and the kiosk user (a reinstall keeps the staff registry and the audit log).
set -e

# dpkg also runs postrm during an upgrade: only a real removal undoes the set-up.
case "$1" in
  remove | purge) ;;
  *) exit 0 ;;
esac

rm -f '/usr/bin/${executable}'
if [ -d /run/systemd/system ]; then
  systemctl disable sms-kiosk.service || true
fi
rm -f /etc/systemd/system/sms-kiosk.service /etc/udev/rules.d/70-sms-kiosk-modem.rules
if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
if command -v udevadm >/dev/null 2>&1; then udevadm control --reload-rules || true; fi
