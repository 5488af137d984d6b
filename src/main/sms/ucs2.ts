// The "UCS2" alphabet of TS 23.038 (DCS 0x08). Phones have long sent and shown UTF-16 there, so
// characters outside the BMP travel as surrogate pairs; segment.ts never splits a pair. Code
// units are copied as they are, lone surrogates included, so every JS string round-trips.

/** UTF-16BE octets of the text (2 per code unit). */
export function encodeUcs2(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[2 * i] = unit >> 8;
    out[2 * i + 1] = unit & 0xff;
  }
  return out;
}

/** Text from UTF-16BE octets. Throws RangeError for an odd octet count (callers check first). */
export function decodeUcs2(bytes: Uint8Array): string {
  if (bytes.length % 2 !== 0) {
    throw new RangeError(`UCS-2 data must have an even number of octets, got ${bytes.length}`);
  }
  let text = '';
  // Chunked so a long input never builds a huge argument list.
  for (let i = 0; i < bytes.length; i += 2048) {
    const units: number[] = [];
    for (let j = i; j < Math.min(i + 2048, bytes.length); j += 2) {
      units.push((bytes[j]! << 8) | bytes[j + 1]!);
    }
    text += String.fromCharCode(...units);
  }
  return text;
}

/** Length in UTF-16 code units, the unit of the 70/67 limits. */
export function ucs2Length(text: string): number {
  return text.length;
}
