import { existsSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { AVATAR_MAX_BYTES, avatarContract } from "../../../src-shared/contracts";
import { newId } from "../../../src-shared/ids";
import { type AvatarInfo, MiladyError } from "../../../src-shared/protocol";
import type { ConfigStore } from "../../config/types";
import type { Logger } from "../../logging";
import { formatBytes } from "../body";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";
import { checkVrm } from "./vrm";

const DEFAULT_NAME = "milady-default.vrm";

interface AvatarDeps {
  config: ConfigStore;
  log: Logger;
  /** Path of the shipped default VRM (assets/avatars/milady-default.vrm; may not exist yet). */
  defaultAvatarFile: string;
}

/** The stored custom avatar, when config names one that exists on disk. An empty name means "default". */
function customAvatar({ config }: AvatarDeps): { name: string; path: string } | undefined {
  const name = config.current().ui.avatar;
  if (!name || name.includes("/") || name.includes("\\") || name.startsWith(".")) return undefined;
  const path = join(config.paths.avatarsDir, name);
  return existsSync(path) ? { name, path } : undefined;
}

function avatarInfo(deps: AvatarDeps): AvatarInfo {
  const custom = customAvatar(deps);
  const name = custom?.name ?? DEFAULT_NAME;
  // The name in the query busts the renderer's cache when the avatar changes.
  return { url: `/api/avatar/file?v=${encodeURIComponent(name)}`, name, custom: custom !== undefined };
}

/** "My Avatar (v2).vrm" -> "my-avatar-v2-1a2b3c4d.vrm": no path parts, no clashes. */
export function safeAvatarName(original: string): string {
  const base = (original.split(/[\\/]/).pop() ?? "")
    .replace(/\.vrm$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return `${base || "avatar"}-${newId().slice(0, 8)}.vrm`;
}

async function upload(deps: AvatarDeps, file: File): Promise<AvatarInfo> {
  if (!/\.vrm$/i.test(file.name)) {
    throw new MiladyError("unsupported_media_type", `"${file.name}" is not a .vrm file; upload a VRM avatar (.vrm)`);
  }
  if (file.size > AVATAR_MAX_BYTES) {
    throw new MiladyError(
      "payload_too_large",
      `"${file.name}" is ${formatBytes(file.size)}; avatars are limited to ${formatBytes(AVATAR_MAX_BYTES)}`,
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = checkVrm(bytes);
  if (!check.ok) {
    throw new MiladyError(
      "validation_failed",
      `"${file.name}" is not a usable VRM: ${check.reason}. Your current avatar was kept.`,
    );
  }

  const dir = deps.config.paths.avatarsDir;
  await mkdir(dir, { recursive: true });
  const previous = customAvatar(deps);
  const name = safeAvatarName(file.name);
  const path = join(dir, name);
  // Temp file + rename: a crash mid-write never leaves a half avatar under the real name.
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
  try {
    await deps.config.patch({ config: { ui: { avatar: name } } });
  } catch (error) {
    unlinkSync(path);
    throw error;
  }
  if (previous && previous.path !== path) removeQuietly(previous.path, deps.log);
  deps.log.info(`avatar changed to ${name} (VRM ${check.version}, ${formatBytes(bytes.byteLength)})`);
  return avatarInfo(deps);
}

function removeQuietly(path: string, log: Logger): void {
  try {
    unlinkSync(path);
  } catch (error) {
    log.debug(`could not remove the old avatar ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function serveFile(deps: AvatarDeps, request: Request): Response {
  const path = customAvatar(deps)?.path ?? deps.defaultAvatarFile;
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new MiladyError(
      "not_found",
      "the default avatar file is missing",
      "generate it with `npm run build:assets` (writes assets/avatars/milady-default.vrm), or upload a .vrm",
    );
  }
  return new Response(request.method === "HEAD" ? null : Bun.file(path), {
    headers: { "content-type": "model/gltf-binary", "cache-control": "no-cache", "x-content-type-options": "nosniff" },
  });
}

export function avatarRoutes(deps: AvatarDeps & ContractRouteOptions) {
  return implementRoutes(
    avatarContract,
    {
      get: async () => avatarInfo(deps),
      file: async ({ request }) => serveFile(deps, request),
      upload: ({ body: file }) => upload(deps, file),
      reset: async () => {
        const previous = customAvatar(deps);
        // An empty name means "default": the config merge skips undefined, so it cannot unset a key.
        await deps.config.patch({ config: { ui: { avatar: "" } } });
        if (previous) removeQuietly(previous.path, deps.log);
        return avatarInfo(deps);
      },
    },
    deps,
  );
}
