/**
 * A Windows .ico holding PNG images (Vista and later read PNG entries): a 6-byte
 * header, one 16-byte directory entry per image, then the PNG files themselves.
 */
export function icoFromPngs(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type 1: icon
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    if (size > 256) throw new Error(`an .ico entry can be at most 256px, not ${size}px`);
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size === 256 ? 0 : size, 0); // 0 means 256
    entry.writeUInt8(size === 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += png.length;
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/** The sizes and PNG bytes an .ico holds (used by the test to read back what was written). */
export function readIco(bytes: Buffer): { size: number; png: Buffer }[] {
  if (bytes.readUInt16LE(2) !== 1) throw new Error("not an icon file");
  const count = bytes.readUInt16LE(4);
  return Array.from({ length: count }, (_, n) => {
    const at = 6 + 16 * n;
    const size = bytes.readUInt8(at) || 256;
    const length = bytes.readUInt32LE(at + 8);
    const offset = bytes.readUInt32LE(at + 12);
    return { size, png: bytes.subarray(offset, offset + length) };
  });
}
