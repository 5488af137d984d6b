// The modem driver's public face: the device, port discovery and the shapes they report.
export { ModemDevice } from './modem-device';
export { discoverModems, type ProbeResult } from './discovery';
export { asModemError } from '../errors';
export type * from './types';
export type { StoredMessage } from './stored';
export type { RecoveryEvent, LadderStep, SysfsOptions } from './recovery';
