import { describe, expect, test } from "bun:test";
import { GGUF_HEADER_BYTES, readGgufHeader } from "./gguf";

function header(magic: string, version: number, tensors: bigint, kvs: bigint): Uint8Array {
  const bytes = new Uint8Array(GGUF_HEADER_BYTES);
  bytes.set(new TextEncoder().encode(magic), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(4, version, true);
  view.setBigUint64(8, tensors, true);
  view.setBigUint64(16, kvs, true);
  return bytes;
}

describe("readGgufHeader", () => {
  test("reads a v3 header", () => {
    expect(readGgufHeader(header("GGUF", 3, 21n, 17n))).toEqual({ version: 3, tensorCount: 21n, kvCount: 17n });
  });
  test("works on a subarray with an offset", () => {
    const big = new Uint8Array(100);
    big.set(header("GGUF", 2, 5n, 6n), 10);
    expect(readGgufHeader(big.subarray(10))).toEqual({ version: 2, tensorCount: 5n, kvCount: 6n });
  });
  test("rejects other files", () => {
    expect(
      readGgufHeader(new TextEncoder().encode("<!DOCTYPE html><html><body>404 not found</body></html>")),
    ).toBeNull();
    expect(readGgufHeader(header("GGUF", 0, 1n, 1n))).toBeNull();
    expect(readGgufHeader(header("GGUF", 99, 1n, 1n))).toBeNull();
    expect(readGgufHeader(header("GGUF", 3, 1n, 1n).subarray(0, 23))).toBeNull();
    expect(readGgufHeader(new Uint8Array(0))).toBeNull();
  });
});
