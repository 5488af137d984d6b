import { randomBytes, randomInt } from 'node:crypto';

/** The random source is injected so tests can fix codes and ids (DESIGN.md convention 6). */
export interface RandomSource {
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  bytes(length: number): Buffer;
}

export const cryptoRandom: RandomSource = {
  int: (maxExclusive) => randomInt(maxExclusive),
  bytes: (length) => randomBytes(length),
};
