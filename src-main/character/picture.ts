import { existsSync, mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHARACTER_PICTURE_PATH } from "../../src-shared/contracts/character";
import type { StatePaths } from "../config";

/**
 * The character's picture: one PNG at <state>/character/picture.png, taken from an imported
 * card. It is separate from the avatar (a VRM the chat renders in 3D): a card's picture is a
 * flat portrait, shown on the Character tab and in the chat header.
 */
export function picturePath(paths: StatePaths): string {
  return join(paths.stateDir, "character", "picture.png");
}

/** The picture's URL with its mtime, so a new picture is not served from the browser's cache; null when none. */
export function pictureUrl(paths: StatePaths): string | null {
  const path = picturePath(paths);
  if (!existsSync(path)) return null;
  return `${CHARACTER_PICTURE_PATH}?v=${Math.round(statSync(path).mtimeMs).toString(36)}`;
}

/**
 * Writes the new picture beside the real one; `commit` puts it in place. Split in two so the
 * bytes are on disk before the character is saved, and a failed save leaves the old picture.
 */
export function stagePicture(paths: StatePaths, bytes: Uint8Array): { commit(): void; discard(): void } {
  const path = picturePath(paths);
  mkdirSync(join(paths.stateDir, "character"), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  return {
    commit: () => renameSync(temp, path),
    discard: () => removeQuietly(temp),
  };
}

export function removePicture(paths: StatePaths): boolean {
  return removeQuietly(picturePath(paths));
}

function removeQuietly(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
