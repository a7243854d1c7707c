/**
 * The shape every capability plugs into (see ARCHITECTURE.md, "Adding a capability").
 *
 * A capability declares, once, with zod:
 * - `channel`: the methods main may call on the agent (params -> result), carried by the
 *   host envelope `request {id, channel, method, params}`;
 * - `events`: what the agent pushes to main on that channel (`event {channel, name, payload}`);
 * - `routes`: its HTTP routes (method, path, query, body, response, stream, error codes).
 * The agent module, the main route group, the renderer's client and the test doubles
 * are all typed from this one declaration, so nothing re-declares a wire shape.
 */
import { z } from "zod";
import type { ErrorCode } from "../protocol/errors";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface MethodContract<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  params: P;
  result: R;
}

/** A multipart upload: one file in `field`, at most `maxBytes`. */
export interface MultipartBody {
  kind: "multipart";
  field: string;
  maxBytes: number;
}

/** The route answers with a file (bytes), not JSON. */
export interface FileResponse {
  kind: "file";
  contentType: string;
}

export interface RouteContract<
  Path extends string = string,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | MultipartBody | undefined = z.ZodType | MultipartBody | undefined,
  R extends z.ZodType | FileResponse = z.ZodType | FileResponse,
  S extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: HttpMethod;
  path: Path;
  /** Search parameters; values arrive as strings, so numeric fields use z.coerce. */
  query?: Q;
  body?: B;
  /** The 2xx body (JSON), or a file. */
  response: R;
  /** Success status (200 unless said). */
  status?: number;
  /** Server-sent events the route streams instead when the client sends `Accept: text/event-stream`. */
  stream?: S;
  /** Stream unless the client asks for JSON (`Accept: application/json`). */
  defaultsToStream?: boolean;
  /** Error codes the route itself may answer with (the shared ones, e.g. unauthorized, come on top). */
  errors: readonly ErrorCode[];
  /**
   * Who may call it. `public`: anyone, no token (health, what a phone needs to pair). `device`:
   * the owner or a paired phone. `owner`: only the owner (a loopback client, or the owner token),
   * never a paired phone. Unset: GET routes are `device` (a phone reads) and the others `owner`
   * (what the agent is, runs with or does is the owner's); chat routes say `device` themselves.
   */
  access?: "public" | "device" | "owner";
  summary: string;
}

/** The access a route has when its contract does not say: a phone may read, only the owner may change. */
export function accessOf(route: Pick<RouteContract, "access" | "method">): "public" | "device" | "owner" {
  return route.access ?? (route.method === "GET" ? "device" : "owner");
}

export type ChannelContract = Record<string, MethodContract>;
export type EventsContract = Record<string, z.ZodType>;
export type RoutesContract = Record<string, RouteContract>;

export interface Capability<
  N extends string = string,
  C extends ChannelContract = ChannelContract,
  E extends EventsContract = EventsContract,
  R extends RoutesContract = RoutesContract,
> {
  name: N;
  channel: C;
  events: E;
  routes: R;
}

/** Declares a capability; `channel`, `events` and `routes` default to none. */
export function capability<
  const N extends string,
  C extends ChannelContract = Record<never, MethodContract>,
  E extends EventsContract = Record<never, z.ZodType>,
  R extends RoutesContract = Record<never, RouteContract>,
>(def: { name: N; channel?: C; events?: E; routes?: R }): Capability<N, C, E, R> {
  return {
    name: def.name,
    channel: (def.channel ?? {}) as C,
    events: (def.events ?? {}) as E,
    routes: (def.routes ?? {}) as R,
  };
}

export function method<P extends z.ZodType, R extends z.ZodType>(params: P, result: R): MethodContract<P, R> {
  return { params, result };
}

/** Identity with inference: keeps the literal path and the exact schemas in the type. */
export function route<const D extends RouteContract>(def: D): D {
  return def;
}

/** A whole-number query parameter in [min, max] (it arrives as text), with one message for every way it is wrong. */
export function wholeNumberParam(min: number, max: number, fallback: number) {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number().int({ error }).min(min, { error }).max(max, { error }).default(fallback);
}

// ---------- types derived from a contract ----------

/** `"/api/knowledge/:id"` -> `{ id: string }`. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, string>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type HasKeys<T> = keyof T extends never ? false : true;
/** An optional contract field without its `undefined`; `never` when the route does not have it. */
type Field<R extends RouteContract, K extends "query" | "body" | "stream"> = K extends keyof R
  ? Exclude<R[K], undefined>
  : never;
type Has<T> = [T] extends [never] ? false : true;

/** What a multipart route takes from a caller: the file and, optionally, its name. */
export interface UploadInput {
  file: Blob;
  filename?: string;
}

/** The checked query a handler gets (undefined when the route has none). */
export type RouteQuery<R extends RouteContract> =
  Has<Field<R, "query">> extends true ? z.output<Field<R, "query"> & z.ZodType> : undefined;

/** The checked body a handler gets: the parsed JSON, the uploaded File, or undefined. */
export type RouteBody<R extends RouteContract> =
  Has<Field<R, "body">> extends true
    ? Field<R, "body"> extends MultipartBody
      ? File
      : z.output<Field<R, "body"> & z.ZodType>
    : undefined;

/** What a caller passes to a route: path params, query, body, each only when the route has one. */
export type RouteInput<R extends RouteContract> = Simplify<
  (HasKeys<PathParams<R["path"]>> extends true ? { params: PathParams<R["path"]> } : unknown) &
    (Has<Field<R, "query">> extends true ? { query?: z.input<Field<R, "query"> & z.ZodType> } : unknown) &
    (Has<Field<R, "body">> extends true
      ? Field<R, "body"> extends MultipartBody
        ? UploadInput
        : { body: z.input<Field<R, "body"> & z.ZodType> }
      : unknown)
>;

/** The parsed, typed answer of a JSON route. */
export type RouteOutput<R extends RouteContract> = R["response"] extends z.ZodType ? z.output<R["response"]> : never;
/** What a route handler may return (before the response schema applies defaults). */
export type RouteResult<R extends RouteContract> = R["response"] extends z.ZodType ? z.input<R["response"]> : never;
export type RouteStreamEvent<R extends RouteContract> =
  Has<Field<R, "stream">> extends true ? z.output<Field<R, "stream"> & z.ZodType> : never;
/** What a stream handler may send (before the stream schema applies defaults). */
export type RouteStreamInput<R extends RouteContract> =
  Has<Field<R, "stream">> extends true ? z.input<Field<R, "stream"> & z.ZodType> : never;

export type MethodParams<M extends MethodContract> = z.input<M["params"]>;
export type MethodResult<M extends MethodContract> = z.output<M["result"]>;

/** Implementations of a capability's channel, as the agent module (or a fake) provides them. */
export type ChannelHandlers<C extends Capability, Ctx = void> = {
  [M in keyof C["channel"]]: (
    params: z.output<C["channel"][M]["params"]>,
    ctx: Ctx,
  ) => Promise<z.input<C["channel"][M]["result"]>>;
};

export type EventPayload<C extends Capability, E extends keyof C["events"]> = z.output<C["events"][E]>;

/** Fills `:name` segments of a route path; every value is URL-encoded. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z_][\w]*)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(value);
  });
}
