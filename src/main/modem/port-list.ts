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

/** A probe's answer on one port (discoverModems in device/discovery.ts gives these). */
export interface ProbedPort {
  path: string;
  manufacturer?: string;
  model?: string;
}

/** One row per port for the admin screen's port choice. */
export interface PortRow {
  path: string;
  description: string;
  answersAt: boolean | null;
}

/**
 * The ports as the admin screen lists them: what the probe learnt (maker and model) or what the
 * system says, and whether AT got an answer. The port the modem holds open is not probed (a
 * second open would fail or disturb it): `inUse.answers` says how it is doing.
 */
export function portRows(
  ports: readonly PortInfo[],
  probed: readonly ProbedPort[],
  inUse: { path: string | null; answers: boolean | null },
): PortRow[] {
  return ports.map((port) => {
    const found = probed.find((p) => p.path === port.path);
    const probedText = [found?.manufacturer, found?.model].filter(Boolean).join(' ');
    const systemText = [port.manufacturer, port.productId && `product ${port.productId}`]
      .filter(Boolean)
      .join(' ');
    return {
      path: port.path,
      description: probedText || systemText,
      answersAt: port.path === inUse.path ? inUse.answers : found !== undefined,
    };
  });
}
