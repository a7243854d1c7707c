import { existsSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";

/** Types Bun does not know or gets wrong for our files (a VRM is a glTF binary). */
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".vrm": "model/gltf-binary",
  ".glb": "model/gltf-binary",
  ".txt": "text/plain; charset=utf-8",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
};

/** Vite puts content-hashed files under assets/: safe to cache for a year. */
const IMMUTABLE = "public, max-age=31536000, immutable";

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/**
 * Resolves a URL path inside `root`, or undefined when it would escape it
 * (`..`, encoded `%2e%2e`, backslashes, NUL bytes).
 */
export function safeJoin(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return undefined;
  const base = resolve(root);
  const full = resolve(base, `.${decoded.startsWith("/") ? "" : "/"}${decoded}`);
  if (full !== base && !full.startsWith(base + sep)) return undefined;
  return full;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function fileResponse(path: string, cacheControl: string, method: string): Response {
  const file = Bun.file(path);
  return new Response(method === "HEAD" ? null : file, {
    headers: {
      "content-type": contentTypeFor(path),
      "cache-control": cacheControl,
      "x-content-type-options": "nosniff",
      ...(method === "HEAD" ? { "content-length": String(file.size) } : {}),
    },
  });
}

/** Browsers navigating send `text/html`; a script or fetch asking for a missing file must get a 404, not HTML. */
function acceptsHtml(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("text/html");
}

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Milady</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#222}code{background:#f2f2f2;padding:.1rem .3rem;border-radius:4px}</style>
</head><body>
<h1>Milady is running</h1>
<p>The API is up (try <a href="/api/health">/api/health</a>), but the dashboard has not been built yet.</p>
<p>Build it with <code>npm run build</code> (or <code>bun build/build-renderer.ts</code>) in the Milady folder, then reload this page.</p>
</body></html>
`;

/**
 * Serves the built dashboard. GET/HEAD only; a path without a file falls back to
 * index.html when the client accepts HTML (client-side routes), else 404.
 * Returns undefined when nothing matched so the caller answers 404 its own way.
 */
export function serveStatic(request: Request, pathname: string, staticDir: string | undefined): Response | undefined {
  const method = request.method;
  const root = staticDir && existsSync(join(staticDir, "index.html")) ? staticDir : undefined;
  if (!root) {
    if (pathname !== "/" && !acceptsHtml(request)) return undefined;
    return new Response(method === "HEAD" ? null : PLACEHOLDER, {
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" },
    });
  }
  const target = safeJoin(root, pathname);
  if (target === undefined) return undefined;
  const index = join(root, "index.html");
  if (target === resolve(root) || target === resolve(index)) return fileResponse(index, "no-cache", method);
  if (isFile(target)) {
    const hashed = pathname.startsWith("/assets/");
    return fileResponse(target, hashed ? IMMUTABLE : "no-cache", method);
  }
  // Missing asset files must 404 (a stale hashed bundle should fail loudly, not get HTML).
  if (pathname.startsWith("/assets/")) return undefined;
  if (!acceptsHtml(request)) return undefined;
  return fileResponse(index, "no-cache", method);
}
