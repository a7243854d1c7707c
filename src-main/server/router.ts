import type { HttpMethod, RouteContract } from "../../src-shared/contracts";
import type { RouteHandler } from "./types";

export interface RouteDef {
  method: HttpMethod;
  /** "/api/conversations/:id/messages"; `:name` matches one non-empty path segment. */
  path: string;
  handler: RouteHandler;
  /** The contract the route implements (all API routes have one). */
  contract?: RouteContract;
}

export type RouteMatch =
  | { kind: "found"; route: RouteDef; handler: RouteHandler; params: Record<string, string> }
  | { kind: "wrong_method"; allow: string[] }
  | { kind: "none" };

interface Compiled extends RouteDef {
  segments: string[];
}

/** A tiny method + path matcher: enough for ~40 routes, no dependencies. */
export class Router {
  private readonly compiled: Compiled[] = [];

  constructor(routes: readonly RouteDef[] = []) {
    for (const route of routes) this.add(route);
  }

  add(route: RouteDef): void {
    this.compiled.push({ ...route, segments: split(route.path) });
  }

  list(): RouteDef[] {
    return this.compiled.map(({ segments: _, ...route }) => route);
  }

  match(method: string, pathname: string): RouteMatch {
    const parts = split(pathname);
    const allow = new Set<string>();
    for (const route of this.compiled) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      // HEAD is answered like GET (Bun drops the body).
      if (route.method === method || (method === "HEAD" && route.method === "GET")) {
        return { kind: "found", route, handler: route.handler, params };
      }
      allow.add(route.method);
    }
    if (allow.size === 0) return { kind: "none" };
    if (allow.has("GET")) allow.add("HEAD");
    return { kind: "wrong_method", allow: [...allow].sort() };
  }
}

function split(path: string): string[] {
  return path.split("/").filter((part) => part.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i]!;
    const got = parts[i]!;
    if (want.startsWith(":")) {
      try {
        params[want.slice(1)] = decodeURIComponent(got);
      } catch {
        return undefined;
      }
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}
