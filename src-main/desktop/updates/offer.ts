import { compareVersions, parseVersion } from "../../update/semver";

const short = (hash: string) => hash.slice(0, 8);

/**
 * Why a version the feed offers is not taken, or undefined when it is. Electrobun calls any
 * other hash an update; Milady also wants it newer and never applied before, so a feed that
 * serves an old build (or the one just applied) cannot send the app round in a loop.
 */
export function refuseOffer(
  found: { version: string; hash: string },
  current: { version: string; hash: string },
  appliedBefore: (hash: string) => boolean,
): string | undefined {
  if (appliedBefore(found.hash)) {
    return `Milady ${found.version} (${short(found.hash)}) was applied before: it is not offered again`;
  }
  if (!parseVersion(found.version)) return `the update feed names no valid version ("${found.version}"): ignored`;
  if (compareVersions(found.version, current.version) <= 0) {
    return `the update feed offers Milady ${found.version}, which is not newer than this ${current.version}: ignored`;
  }
  return undefined;
}
