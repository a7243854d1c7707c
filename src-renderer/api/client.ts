import { z } from "zod";
import { pluginStatusSchema } from "../../src-shared/protocol/agent-state";
import {
  type AgentAction,
  avatarInfoSchema,
  type ConfigPatch,
  configViewSchema,
  healthResponseSchema,
  localModelFileSchema,
  statusResponseSchema,
} from "../../src-shared/protocol/api";
import { type Character, characterSchema } from "../../src-shared/protocol/character";
import {
  type ChatStreamEvent,
  chatMessageSchema,
  chatStreamEventSchema,
  conversationSchema,
  type SendMessageRequest,
  sendMessageResponseSchema,
} from "../../src-shared/protocol/conversations";
import { type LogLine, logLineSchema } from "../../src-shared/protocol/events";
import { knowledgeDocumentSchema, knowledgeSearchHitSchema } from "../../src-shared/protocol/knowledge";
import { ApiError, errorFromResponse, invalidResponse, networkError } from "./api-error";
import { readSseJson } from "./sse";

export interface ApiClientOptions {
  /** "" for same-origin (the dashboard is served by the API server), or e.g. "http://192.168.1.5:2138". */
  baseUrl: string;
  getToken: () => string | null | undefined;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/**
 * Several routes answer either `{key: value}` or the bare value; accepting both
 * keeps the dashboard working while the server settles its shapes.
 */
function wrapped<T extends z.ZodTypeAny>(key: string, schema: T) {
  return z.union([z.object({ [key]: schema }).transform((o) => o[key] as z.infer<T>), schema]) as unknown as z.ZodType<
    z.infer<T>
  >;
}

const schemas = {
  conversations: wrapped("conversations", z.array(conversationSchema)),
  conversation: wrapped("conversation", conversationSchema),
  messages: wrapped("messages", z.array(chatMessageSchema)),
  character: wrapped("character", characterSchema),
  plugins: z.object({ plugins: z.array(pluginStatusSchema), disabled: z.array(z.string()).default([]) }),
  restart: z.object({ restartRequired: z.boolean().default(false) }).passthrough(),
  documents: wrapped("documents", z.array(knowledgeDocumentSchema)),
  document: wrapped("document", knowledgeDocumentSchema),
  hits: wrapped("hits", z.array(knowledgeSearchHitSchema)),
  models: wrapped("models", z.array(localModelFileSchema)),
  logs: wrapped("lines", z.array(logLineSchema)),
  any: z.unknown(),
};

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(opts: ApiClientOptions) {
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));

  function headers(extra?: Record<string, string>): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    const token = opts.getToken();
    if (token) h.Authorization = `Bearer ${token}`;
    return h;
  }

  async function raw(
    method: string,
    path: string,
    init: { body?: BodyInit; json?: unknown; accept?: string; signal?: AbortSignal } = {},
  ) {
    const extra: Record<string, string> = { Accept: init.accept ?? "application/json" };
    let body = init.body;
    if (init.json !== undefined) {
      extra["Content-Type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    let res: Response;
    try {
      res = await doFetch(`${opts.baseUrl}${path}`, { method, headers: headers(extra), body, signal: init.signal });
    } catch (e) {
      if (init.signal?.aborted) throw new ApiError("aborted", "Request cancelled.", 0);
      throw networkError(e);
    }
    if (!res.ok) throw await errorFromResponse(res);
    return res;
  }

  async function json<T>(
    schema: z.ZodType<T>,
    method: string,
    path: string,
    init?: Parameters<typeof raw>[2],
  ): Promise<T> {
    const res = await raw(method, path, init);
    const text = await res.text();
    let data: unknown;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        throw invalidResponse(path, "not JSON");
      }
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw invalidResponse(path, parsed.error.issues[0]?.message ?? "schema mismatch");
    return parsed.data;
  }

  function upload(file: Blob, name?: string) {
    const form = new FormData();
    form.append("file", file, name ?? (file as File).name ?? "upload");
    return form;
  }

  const enc = encodeURIComponent;

  return {
    health: () => json(healthResponseSchema, "GET", "/api/health"),
    status: () => json(statusResponseSchema, "GET", "/api/status"),
    agentAction: (action: AgentAction) => json(schemas.any, "POST", `/api/agent/${action}`),

    listConversations: () => json(schemas.conversations, "GET", "/api/conversations"),
    createConversation: (title?: string) =>
      json(schemas.conversation, "POST", "/api/conversations", { json: title ? { title } : {} }),
    listMessages: (id: string) => json(schemas.messages, "GET", `/api/conversations/${enc(id)}/messages`),
    sendMessage: (id: string, req: SendMessageRequest) =>
      json(sendMessageResponseSchema, "POST", `/api/conversations/${enc(id)}/messages`, { json: req }),
    /** Streams a reply; yields validated events. Throws ApiError for HTTP errors before the stream starts. */
    async *streamMessage(id: string, req: SendMessageRequest, signal?: AbortSignal): AsyncGenerator<ChatStreamEvent> {
      const res = await raw("POST", `/api/conversations/${enc(id)}/messages`, {
        json: req,
        accept: "text/event-stream",
        signal,
      });
      if (!res.body) throw invalidResponse("stream", "empty body");
      for await (const data of readSseJson(res.body, signal)) {
        const ev = chatStreamEventSchema.safeParse(data);
        if (ev.success) yield ev.data;
      }
    },

    getCharacter: () => json(schemas.character, "GET", "/api/character"),
    putCharacter: (c: Character) => json(schemas.any, "PUT", "/api/character", { json: c }),

    getConfig: () => json(configViewSchema, "GET", "/api/config"),
    patchConfig: (patch: ConfigPatch) => json(configViewSchema, "PATCH", "/api/config", { json: patch }),

    getLogs: (level?: string) => json(schemas.logs, "GET", `/api/logs${level ? `?level=${enc(level)}` : ""}`),
    async *streamLogs(level?: string, signal?: AbortSignal): AsyncGenerator<LogLine> {
      const res = await raw("GET", `/api/logs${level ? `?level=${enc(level)}` : ""}`, {
        accept: "text/event-stream",
        signal,
      });
      if (!res.body) return;
      for await (const data of readSseJson(res.body, signal)) {
        const line = logLineSchema.safeParse(data);
        if (line.success) yield line.data;
      }
    },

    getPlugins: () => json(schemas.plugins, "GET", "/api/plugins"),
    setPluginEnabled: (name: string, enabled: boolean) =>
      json(schemas.restart, "POST", `/api/plugins/${enc(name)}/${enabled ? "enable" : "disable"}`),

    listKnowledge: () => json(schemas.documents, "GET", "/api/knowledge"),
    uploadKnowledge: (file: File) => json(schemas.any, "POST", "/api/knowledge", { body: upload(file) }),
    deleteKnowledge: (id: string) => json(schemas.any, "DELETE", `/api/knowledge/${enc(id)}`),
    searchKnowledge: (query: string, limit = 8) =>
      json(schemas.hits, "POST", "/api/knowledge/search", { json: { query, limit } }),

    listModels: () => json(schemas.models, "GET", "/api/models"),
    downloadModel: (uri: string) => json(schemas.any, "POST", "/api/models/download", { json: { uri } }),

    getAvatar: () => json(avatarInfoSchema, "GET", "/api/avatar"),
    uploadAvatar: (file: File) => json(schemas.any, "POST", "/api/avatar", { body: upload(file) }),
    deleteAvatar: () => json(schemas.any, "DELETE", "/api/avatar"),

    /** Builds the ws:// URL for /ws from baseUrl (or the page origin). */
    wsUrl(): string {
      const base = opts.baseUrl || globalThis.location?.origin || "http://127.0.0.1:2138";
      return `${base.replace(/^http/, "ws")}/ws`;
    },
  };
}
