import { z } from "zod";
import type {
  Capability,
  PathParams,
  RouteBody,
  RouteContract,
  RouteQuery,
  RouteResult,
  RouteStreamInput,
} from "../../src-shared/contracts";
import type { Logger } from "../logging";
import { describeZodError, formFile, invalidRequest, readForm, readJson } from "./body";
import type { Caller } from "./gate";
import { json } from "./respond";
import type { RouteDef } from "./router";
import { createSse, type SseStream, wantsEventStream } from "./sse";

/** Everything a route handler gets, typed from its contract: params, query and body are already checked. */
export interface RouteRequest<R extends RouteContract> {
  params: PathParams<R["path"]>;
  query: RouteQuery<R>;
  body: RouteBody<R>;
  request: Request;
  url: URL;
  /** False when a public route was called without the token the server wants. */
  authorized: boolean;
  /** Who is calling: the owner, a paired device, or nobody known (public routes only). */
  caller: Caller;
  /** The client's IP address ("" when unknown). */
  address: string;
  /** True when the route has a stream and the client asked for it (or did not ask for JSON, where the contract says so). */
  wantsStream: boolean;
  /** Lifts Bun's idle timeout for this request (long chat turns, SSE). */
  keepOpen(): void;
  /** An SSE stream whose events are checked against the contract's `stream` schema. */
  stream(): TypedSse<RouteStreamInput<R>>;
}

export interface TypedSse<E> extends Omit<SseStream, "send"> {
  /** `name` becomes the SSE `event:` line (OpenAI's Responses stream names each event). */
  send(event: E, name?: string): void;
}

/** A handler returns the JSON body (checked against `response`), or a Response of its own (SSE, files). */
export type RouteHandlerFor<R extends RouteContract> = (req: RouteRequest<R>) => Promise<RouteResult<R> | Response>;

export type RoutesImpl<C extends Capability> = { [K in keyof C["routes"]]: RouteHandlerFor<C["routes"][K]> };

export interface ContractRouteOptions {
  /** Largest JSON body, read per request so a config change applies at once. */
  maxJsonBytes: () => number;
  /**
   * A response that does not match its contract is a bug: in strict mode (tests) it answers 500
   * so the test fails; otherwise it is logged and sent as it is.
   */
  strict: boolean;
  log: Logger;
}

function contractViolation(where: string, detail: string, options: ContractRouteOptions): void {
  const message = `${where} does not match its contract: ${detail}`;
  options.log.error(message);
  if (options.strict) throw new Error(message);
}

function wantsStreamFor(route: RouteContract, request: Request): boolean {
  if (!route.stream) return false;
  if (route.defaultsToStream) return !(request.headers.get("accept") ?? "").includes("application/json");
  return wantsEventStream(request);
}

async function readBody(route: RouteContract, request: Request, options: ContractRouteOptions): Promise<unknown> {
  const body = route.body;
  if (!body) return undefined;
  if ("kind" in body && body.kind === "multipart") {
    return formFile(await readForm(request, body.maxBytes), body.field);
  }
  return readJson(request, body as z.ZodType, options.maxJsonBytes());
}

function parseQuery(route: RouteContract, url: URL): unknown {
  if (!route.query) return undefined;
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) raw[key] = value;
  const parsed = route.query.safeParse(raw);
  if (!parsed.success) throw invalidRequest(parsed.error, "query");
  return parsed.data;
}

/** Turns a capability's routes and their handlers into router entries; one handler per route, checked by type. */
export function implementRoutes<C extends Capability>(
  contract: C,
  impl: RoutesImpl<C>,
  options: ContractRouteOptions,
): RouteDef[] {
  return Object.entries(contract.routes).map(([name, route]) => {
    const handler = (impl as unknown as Record<string, RouteHandlerFor<RouteContract>>)[name]!;
    const where = `${route.method} ${route.path} (${contract.name}.${name})`;
    return {
      method: route.method,
      path: route.path,
      contract: route,
      handler: async (ctx) => {
        const req: RouteRequest<RouteContract> = {
          params: ctx.params as PathParams<string>,
          query: parseQuery(route, ctx.url) as never,
          body: (await readBody(route, ctx.request, options)) as never,
          request: ctx.request,
          url: ctx.url,
          authorized: ctx.authorized,
          caller: ctx.caller,
          address: ctx.address,
          wantsStream: wantsStreamFor(route, ctx.request),
          keepOpen: ctx.keepOpen,
          stream: () => checkedStream(route, where, options),
        };
        const result = await handler(req);
        if (result instanceof Response) return result;
        if (!(route.response instanceof z.ZodType)) {
          contractViolation(where, "a file route must answer with a Response", options);
          return json(result, route.status ?? 200);
        }
        const parsed = route.response.safeParse(result);
        if (!parsed.success) {
          contractViolation(where, describeZodError(parsed.error), options);
          return json(result, route.status ?? 200);
        }
        return json(parsed.data, route.status ?? 200);
      },
    };
  });
}

function checkedStream(route: RouteContract, where: string, options: ContractRouteOptions): TypedSse<unknown> {
  const sse = createSse();
  const schema = route.stream;
  return {
    response: sse.response,
    close: () => sse.close(),
    sendRaw: (text) => sse.sendRaw(text),
    onClose: (listener) => sse.onClose(listener),
    get closed() {
      return sse.closed;
    },
    send(event, name) {
      const parsed = schema?.safeParse(event);
      if (parsed && !parsed.success) {
        // Not thrown: a stream is already answering. Strict mode drops the event so a test sees it missing.
        options.log.error(`${where} stream event does not match its contract: ${describeZodError(parsed.error)}`);
        if (options.strict) return;
      }
      sse.send(event, name);
    },
  };
}
