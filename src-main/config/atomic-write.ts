import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Writes a file so that a crash or a full disk leaves either the old or the new
 * content, never half of it: temp file in the same directory, fsync, rename.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  const fd = openSync(temp, "w", mode);
  try {
    if (typeof data === "string") writeSync(fd, data);
    else writeSync(fd, data);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // nothing to clean
    }
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
  try {
    // Persist the rename itself (the directory entry).
    const dirFd = openSync(dir, "r");
    fsyncSync(dirFd);
    closeSync(dirFd);
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  }
}
