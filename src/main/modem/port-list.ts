// Listing serial ports. SerialPort.list() on Linux runs `udevadm`, which minimal installs (and
// containers) lack; then we fall back to the device names USB modems get.
import { readdirSync } from 'node:fs';
import type { BindingInterface, PortInfo } from '@serialport/bindings-interface';

const LINUX_MODEM_NAMES = /^(ttyUSB\d+|ttyACM\d+|ttyAMA\d+|rfcomm\d+)$/;

export async function listPorts(binding: Pick<BindingInterface, 'list'>): Promise<PortInfo[]> {
  try {
    return await binding.list();
  } catch (error) {
    if (process.platform !== 'linux') throw error;
    return scanLinuxDev();
  }
}

function scanLinuxDev(): PortInfo[] {
  let names: string[] = [];
  try {
    names = readdirSync('/dev').filter((n) => LINUX_MODEM_NAMES.test(n));
  } catch {
    return [];
  }
  return names.sort().map((name) => ({
    path: `/dev/${name}`,
    manufacturer: undefined,
    serialNumber: undefined,
    pnpId: undefined,
    locationId: undefined,
    productId: undefined,
    vendorId: undefined,
  }));
}
