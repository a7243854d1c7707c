/**
 * Minimal GGUF header reader, environment-neutral (no node:/bun: imports) so main can
 * validate model files for `milady doctor`, model lists and downloads.
 *
 * Layout (little endian): magic "GGUF" (4 bytes), version u32, tensor count u64, KV count u64.
 */

/** Bytes needed to read the header: 4 magic + 4 version + 8 tensor count + 8 KV count. */
export const GGUF_HEADER_BYTES = 24;

export type GgufHeader = { version: number; tensorCount: bigint; kvCount: bigint };

/** Versions 1-3 exist; anything else is treated as "not GGUF" so a random file starting with "GGUF" is rejected. */
const MAX_KNOWN_VERSION = 3;

/** Returns null when the bytes are not (the start of) a GGUF file. */
export function readGgufHeader(bytes: Uint8Array): GgufHeader | null {
  if (bytes.byteLength < GGUF_HEADER_BYTES) return null;
  // "GGUF" = 0x47 0x47 0x55 0x46
  if (bytes[0] !== 0x47 || bytes[1] !== 0x47 || bytes[2] !== 0x55 || bytes[3] !== 0x46) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, GGUF_HEADER_BYTES);
  const version = view.getUint32(4, true);
  if (version < 1 || version > MAX_KNOWN_VERSION) return null;
  const tensorCount = view.getBigUint64(8, true);
  const kvCount = view.getBigUint64(16, true);
  return { version, tensorCount, kvCount };
}
