#!/bin/bash
# deb postinst of SMS Kiosk Sign-In (electron-builder fills in ${executable} and
# ${sanitizedProductName}). Does what electron-builder's own script does (the /usr/bin link,
# the chrome-sandbox mode), then sets up the kiosk: its user, the systemd unit, the modem's
# udev rule. The unit is enabled for the next boot, not started: see docs/DEPLOY.md.
set -e

APP_DIR='/opt/${sanitizedProductName}'
DEPLOY="$APP_DIR/deploy/linux"

ln -sf "$APP_DIR/${executable}" '/usr/bin/${executable}'

# Chromium's sandbox: SUID helper only where unprivileged user namespaces do not work.
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
  chmod 4755 "$APP_DIR/chrome-sandbox" || true
else
  chmod 0755 "$APP_DIR/chrome-sandbox" || true
fi

# The kiosk runs as its own system user; its data (kiosk.db, the install secret) lives in
# /var/lib/sms-kiosk. dialout: the modem; video, input, render: cage's screen and keyboard.
if ! id kiosk >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/sms-kiosk --create-home --shell /usr/sbin/nologin kiosk
fi
for group in dialout video input render; do
  if getent group "$group" >/dev/null; then usermod -a -G "$group" kiosk; fi
done
install -d -o kiosk -g kiosk -m 0750 /var/lib/sms-kiosk

install -m 0644 "$DEPLOY/70-sms-kiosk-modem.rules" /etc/udev/rules.d/70-sms-kiosk-modem.rules
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=tty --action=change || true
fi

install -m 0644 "$DEPLOY/sms-kiosk.service" /etc/systemd/system/sms-kiosk.service
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
  systemctl enable sms-kiosk.service || true
  systemctl set-default graphical.target || true
fi
