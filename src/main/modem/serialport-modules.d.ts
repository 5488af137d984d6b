// Type declarations for two serialport packages whose package.json "exports" map has no
// "types" condition, so TypeScript's bundler resolution cannot find their own .d.ts files.
// Copied from @serialport/bindings-interface 1.2.2 and @serialport/binding-mock 10.2.2.
/* eslint-disable @typescript-eslint/no-explicit-any -- copied verbatim from the packages */

declare module '@serialport/bindings-interface' {
  export interface BindingInterface<
    T extends BindingPortInterface = BindingPortInterface,
    R extends OpenOptions = OpenOptions,
    P extends PortInfo = PortInfo,
  > {
    list(): Promise<P[]>;
    open(options: R): Promise<T>;
  }

  export interface BindingPortInterface {
    readonly openOptions: Required<OpenOptions>;
    isOpen: boolean;
    close(): Promise<void>;
    read(
      buffer: Buffer,
      offset: number,
      length: number,
    ): Promise<{
      buffer: Buffer;
      bytesRead: number;
    }>;
    write(buffer: Buffer): Promise<void>;
    update(options: UpdateOptions): Promise<void>;
    set(options: SetOptions): Promise<void>;
    get(): Promise<PortStatus>;
    getBaudRate(): Promise<{
      baudRate: number;
    }>;
    flush(): Promise<void>;
    drain(): Promise<void>;
  }

  export interface BindingsErrorInterface extends Error {
    canceled?: boolean;
  }

  export interface OpenOptions {
    path: string;
    baudRate: number;
    dataBits?: 5 | 6 | 7 | 8;
    lock?: boolean;
    stopBits?: 1 | 1.5 | 2;
    parity?: string;
    rtscts?: boolean;
    xon?: boolean;
    xoff?: boolean;
    xany?: boolean;
    hupcl?: boolean;
  }

  export type OpenOptionsFromBinding<Binding> =
    Binding extends BindingInterface<any, infer T> ? T : never;

  export interface PortInfo {
    path: string;
    manufacturer: string | undefined;
    serialNumber: string | undefined;
    pnpId: string | undefined;
    locationId: string | undefined;
    productId: string | undefined;
    vendorId: string | undefined;
  }

  export type PortInfoFromBinding<Binding> =
    Binding extends BindingInterface<any, any, infer T> ? T : never;

  export type PortInterfaceFromBinding<Binding> =
    Binding extends BindingInterface<infer T> ? T : never;

  export interface PortStatus {
    cts: boolean;
    dsr: boolean;
    dcd: boolean;
  }

  export interface SetOptions {
    brk?: boolean;
    cts?: boolean;
    dsr?: boolean;
    dtr?: boolean;
    rts?: boolean;
  }

  export interface UpdateOptions {
    baudRate: number;
  }
}

declare module '@serialport/binding-mock' {
  import { BindingInterface } from '@serialport/bindings-interface';
  import { BindingPortInterface } from '@serialport/bindings-interface';
  import { OpenOptions } from '@serialport/bindings-interface';
  import { PortInfo } from '@serialport/bindings-interface';
  import { PortStatus } from '@serialport/bindings-interface';
  import { SetOptions } from '@serialport/bindings-interface';
  import { UpdateOptions } from '@serialport/bindings-interface';

  export class CanceledError extends Error {
    canceled: true;
    constructor(message: string);
  }

  export interface CreatePortOptions {
    echo?: boolean;
    record?: boolean;
    readyData?: Buffer;
    maxReadSize?: number;
    manufacturer?: string;
    vendorId?: string;
    productId?: string;
  }

  export const MockBinding: MockBindingInterface;

  export interface MockBindingInterface extends BindingInterface<MockPortBinding> {
    reset(): void;
    createPort(path: string, opt?: CreatePortOptions): void;
  }

  export class MockPortBinding implements BindingPortInterface {
    readonly openOptions: Required<OpenOptions>;
    readonly port: MockPortInternal;
    private pendingRead;
    lastWrite: null | Buffer;
    recording: Buffer;
    writeOperation: null | Promise<void>;
    isOpen: boolean;
    serialNumber?: string;
    constructor(port: MockPortInternal, openOptions: Required<OpenOptions>);
    emitData(data: Buffer | string): void;
    close(): Promise<void>;
    read(
      buffer: Buffer,
      offset: number,
      length: number,
    ): Promise<{
      buffer: Buffer;
      bytesRead: number;
    }>;
    write(buffer: Buffer): Promise<void>;
    update(options: UpdateOptions): Promise<void>;
    set(options: SetOptions): Promise<void>;
    get(): Promise<PortStatus>;
    getBaudRate(): Promise<{
      baudRate: number;
    }>;
    flush(): Promise<void>;
    drain(): Promise<void>;
  }

  export interface MockPortInternal {
    data: Buffer;
    echo: boolean;
    record: boolean;
    info: PortInfo;
    maxReadSize: number;
    readyData?: Buffer;
    openOpt?: OpenOptions;
  }
}
