import { existsSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { newId } from "../../../src-shared/ids";
import { type AvatarInfo, MiladyError } from "../../../src-shared/protocol";
import { formatBytes, formFile, readForm } from "../body";
import { json } from "../respond";
import type { RouteDef } from "../router";
import type { RouteContext } from "../types";
import { checkVrm } from "./vrm";

/** VRoid exports are 10-30 MB; 50 MB leaves room without inviting abuse. */
export const AVATAR_MAX_BYTES = 50 * 1024 * 1024;
const MULTIPART_OVERHEAD = 64 * 1024;
const DEFAULT_NAME = "milady-default.vrm";

/** The stored custom avatar, when config names one that exists on disk. An empty name means "default". */
function customAvatar(ctx: RouteContext): { name: string; path: string } | undefined {
  const name = ctx.options.config.current().ui.avatar;
  if (!name || name.includes("/") || name.includes("\\") || name.startsWith(".")) return undefined;
  const path = join(ctx.options.config.paths.avatarsDir, name);
  return existsSync(path) ? { name, path } : undefined;
}

function avatarInfo(ctx: RouteContext): AvatarInfo {
  const custom = customAvatar(ctx);
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

async function upload(ctx: RouteContext): Promise<Response> {
  const file = formFile(await readForm(ctx.request, AVATAR_MAX_BYTES + MULTIPART_OVERHEAD));
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

  const dir = ctx.options.config.paths.avatarsDir;
  await mkdir(dir, { recursive: true });
  const previous = customAvatar(ctx);
  const name = safeAvatarName(file.name);
  const path = join(dir, name);
  // Temp file + rename: a crash mid-write never leaves a half avatar under the real name.
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
  try {
    await ctx.options.config.patch({ config: { ui: { avatar: name } } });
  } catch (error) {
    unlinkSync(path);
    throw error;
  }
  if (previous && previous.path !== path) removeQuietly(previous.path, ctx);
  ctx.log.info(`avatar changed to ${name} (VRM ${check.version}, ${formatBytes(bytes.byteLength)})`);
  return json(avatarInfo(ctx), 201);
}

function removeQuietly(path: string, ctx: RouteContext): void {
  try {
    unlinkSync(path);
  } catch (error) {
    ctx.log.debug(`could not remove the old avatar ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function serveFile(ctx: RouteContext): Response {
  const path = customAvatar(ctx)?.path ?? ctx.options.defaultAvatarFile;
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new MiladyError(
      "not_found",
      "the default avatar file is missing",
      "generate it with `npm run build:assets` (writes assets/avatars/milady-default.vrm), or upload a .vrm",
    );
  }
  return new Response(ctx.request.method === "HEAD" ? null : Bun.file(path), {
    headers: { "content-type": "model/gltf-binary", "cache-control": "no-cache", "x-content-type-options": "nosniff" },
  });
}

export const avatarRoutes: RouteDef[] = [
  { method: "GET", path: "/api/avatar", handler: (ctx) => json(avatarInfo(ctx)) },
  { method: "GET", path: "/api/avatar/file", handler: serveFile },
  { method: "POST", path: "/api/avatar", handler: upload },
  {
    method: "DELETE",
    path: "/api/avatar",
    handler: async (ctx) => {
      const previous = customAvatar(ctx);
      // An empty name means "default": the config merge skips undefined, so it cannot unset a key.
      await ctx.options.config.patch({ config: { ui: { avatar: "" } } });
      if (previous) removeQuietly(previous.path, ctx);
      return json(avatarInfo(ctx));
    },
  },
];
