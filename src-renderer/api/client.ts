import { z } from "zod";
import {
  type Capability,
  CONTRACTS,
  type Contracts,
  fillPath,
  type RouteContract,
  type RouteInput,
  type RouteOutput,
  type RouteStreamEvent,
} from "../../src-shared/contracts";
import { ApiError, errorFromResponse, invalidResponse, networkError } from "./api-error";
import { readSseJson } from "./sse";

export interface ApiClientOptions {
  /** "" for same-origin (the dashboard is served by the API server), or e.g. "http://192.168.1.5:2138". */
  baseUrl: string;
  getToken: () => string | null | undefined;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** A route as a function: the input is optional when the route takes no params, query or body. */
type RouteFn<R extends RouteContract> = keyof RouteInput<R> extends never
  ? (input?: RouteInput<R>, options?: CallOptions) => Promise<RouteOutput<R>>
  : (input: RouteInput<R>, options?: CallOptions) => Promise<RouteOutput<R>>;

/** `api.knowledge.search({ body })`: one method per route of every capability, typed by its contract. */
export type ContractClient = {
  [N in keyof Contracts]: { [K in keyof Contracts[N]["routes"]]: RouteFn<AsRoute<Contracts[N]["routes"][K]>> };
};
type AsRoute<T> = T extends RouteContract ? T : never;

export type ApiClient = ContractClient & {
  /** Calls one route: path params filled, body sent as JSON or multipart, the answer validated. */
  call<R extends RouteContract>(route: R, input?: RouteInput<R>, options?: CallOptions): Promise<RouteOutput<R>>;
  /** Streams a route's server-sent events, each validated; HTTP errors before the stream throw ApiError. */
  stream<R extends RouteContract>(
    route: R,
    input?: RouteInput<R>,
    options?: CallOptions,
  ): AsyncGenerator<RouteStreamEvent<R>>;
  /** The absolute URL of a route (for loaders that fetch by themselves, e.g. the avatar file). */
  url<R extends RouteContract>(route: R, input?: RouteInput<R>): string;
  /**
   * GETs a file the server named by path (the avatar's `url`), from this client's server and
   * with its token: a paired phone or a token-protected server answers 401 to a bare fetch.
   */
  fetchFile(path: string, signal?: AbortSignal): Promise<Response>;
  /** The ws:// URL of /ws, from baseUrl or the page origin. */
  wsUrl(): string;
};

type AnyInput = {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  file?: Blob;
  filename?: string;
};

function pathOf(route: RouteContract, input: AnyInput): string {
  const path = fillPath(route.path, input.params);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {})) {
    if (value !== undefined && value !== null) query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));

  async function send(route: RouteContract, input: AnyInput, accept: string, signal?: AbortSignal) {
    const headers: Record<string, string> = { Accept: accept };
    const token = opts.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (route.body && "kind" in route.body && route.body.kind === "multipart") {
      const form = new FormData();
      const file = input.file ?? new Blob([]);
      form.append(route.body.field, file, input.filename ?? (file as File).name ?? "upload");
      body = form;
    } else if (route.body) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(input.body ?? {});
    }
    const path = pathOf(route, input);
    let res: Response;
    try {
      res = await doFetch(`${opts.baseUrl}${path}`, { method: route.method, headers, body, signal });
    } catch (e) {
      if (signal?.aborted) throw new ApiError("aborted", "Request cancelled.", 0);
      throw networkError(e);
    }
    if (!res.ok) throw await errorFromResponse(res);
    return { res, path };
  }

  async function call<R extends RouteContract>(
    route: R,
    input?: RouteInput<R>,
    options: CallOptions = {},
  ): Promise<RouteOutput<R>> {
    if (!(route.response instanceof z.ZodType)) throw new Error(`${route.path} answers with a file: use api.url()`);
    const { res, path } = await send(route, (input ?? {}) as AnyInput, "application/json", options.signal);
    const text = await res.text();
    let data: unknown;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        throw invalidResponse(path, "not JSON");
      }
    }
    const parsed = route.response.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidResponse(path, issue ? `${issue.path.join(".")}: ${issue.message}` : "schema mismatch");
    }
    return parsed.data as RouteOutput<R>;
  }

  async function* stream<R extends RouteContract>(
    route: R,
    input?: RouteInput<R>,
    options: CallOptions = {},
  ): AsyncGenerator<RouteStreamEvent<R>> {
    const schema = route.stream;
    if (!schema) throw new Error(`${route.path} does not stream`);
    const { res, path } = await send(route, (input ?? {}) as AnyInput, "text/event-stream", options.signal);
    if (!res.body) throw invalidResponse(path, "empty body");
    for await (const data of readSseJson(res.body, options.signal)) {
      const event = schema.safeParse(data);
      if (event.success) yield event.data as RouteStreamEvent<R>;
    }
  }

  const client: Record<string, unknown> = {
    call,
    stream,
    url: (route: RouteContract, input?: AnyInput) => `${opts.baseUrl}${pathOf(route, input ?? {})}`,
    fetchFile(path: string, signal?: AbortSignal) {
      const token = opts.getToken();
      const url = /^https?:/.test(path) ? path : `${opts.baseUrl}${path}`;
      return doFetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal });
    },
    wsUrl(): string {
      const base = opts.baseUrl || globalThis.location?.origin || "http://127.0.0.1:2138";
      return `${base.replace(/^http/, "ws")}/ws`;
    },
  };
  for (const [name, capability] of Object.entries(CONTRACTS) as [string, Capability][]) {
    client[name] = Object.fromEntries(
      Object.entries(capability.routes).map(([key, route]) => [
        key,
        (input?: AnyInput, options?: CallOptions) => call(route, input as never, options),
      ]),
    );
  }
  return client as ApiClient;
}
