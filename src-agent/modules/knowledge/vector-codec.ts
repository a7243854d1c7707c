/**
 * Embeddings are stored as Float32 little-endian bytes (a `bytea` column): 4 bytes per
 * dimension instead of the ~20 characters a number takes in JSON. They cross the SQL
 * client as base64 text (`decode($n, 'base64')` / `encode(vector, 'base64')`), because
 * PGlite's own bytea conversion goes byte by byte through hex strings in JavaScript and
 * Buffer's base64 is native on both PGlite and node-postgres.
 */

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Float32 little-endian bytes of a vector. */
export function vectorToBytes(vector: ArrayLike<number>): Uint8Array {
  const floats = Float32Array.from(vector);
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(floats.buffer);
  const bytes = new Uint8Array(floats.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < floats.length; i++) view.setFloat32(i * 4, floats[i], true);
  return bytes;
}

export function vectorToBase64(vector: ArrayLike<number>): string {
  const bytes = vectorToBytes(vector);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/**
 * A vector from base64 Float32 LE (a fresh copy). PostgreSQL's `encode(..., 'base64')`
 * wraps lines every 76 characters; Buffer skips the newlines.
 */
export function base64ToVector(base64: string): Float32Array {
  const bytes = Buffer.from(base64, "base64");
  const dimension = bytes.byteLength >>> 2;
  const out = new Float32Array(dimension);
  if (LITTLE_ENDIAN_HOST) {
    new Uint8Array(out.buffer).set(bytes.subarray(0, dimension * 4));
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < dimension; i++) out[i] = view.getFloat32(i * 4, true);
  }
  return out;
}
