import type { z } from "zod";
import { openaiContract } from "../../../src-shared/contracts";
import { newId } from "../../../src-shared/ids";
import { CONVERSATION_HEADER, USAGE_HEADER } from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import type { Logger } from "../../logging";
import type { ModelDownloads } from "../../models";
import { describeZodError } from "../body";
import { type ContractRouteOptions, implementRoutes, type RouteRequest, type TypedSse } from "../contract-routes";
import type { Drain } from "../drain";
import { modelNotFound, openAiErrorOf } from "../openai/errors";
import { listModels, type ModelSources, resolveModel } from "../openai/models";
import { fromChatCompletion, fromResponseRequest, type TurnRequest } from "../openai/request";
import { chatChunk, chatCompletion, type Ids, responseObject, usageOf } from "../openai/shapes";
import { assertAgentUp, conversationFor, remainderOf, runTurn, type TurnResult } from "../openai/turn";
import { json } from "../respond";

interface OpenAiDeps {
  agent: AgentController;
  drain: Drain;
  log: Logger;
  downloads?: ModelDownloads;
  startedAt: number;
}

type ChatRoute = typeof openaiContract.routes.chatCompletions;
type ResponsesRoute = typeof openaiContract.routes.responses;
type Sse = TypedSse<unknown>;

const seconds = () => Math.floor(Date.now() / 1000);
const idPart = () => newId().replace(/-/g, "");

/** A JSON answer with headers of its own, still held to its contract (a 500 in strict mode, as implementRoutes does). */
function answer<S extends z.ZodType>(
  schema: S,
  body: z.input<S>,
  headers: Record<string, string>,
  deps: ContractRouteOptions,
) {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const message = `/v1 answer does not match its contract: ${describeZodError(parsed.error)}`;
    deps.log.error(message);
    if (deps.strict) throw new Error(message);
  }
  return json(parsed.success ? parsed.data : body, 200, headers);
}

/** Where the turn went and what usage means, for clients that want to know (documented in the README). */
function turnHeaders(result: TurnResult): Record<string, string> {
  return {
    [USAGE_HEADER]: result.usage.reported ? "reported" : "estimated",
    ...(result.conversationId ? { [CONVERSATION_HEADER]: result.conversationId } : {}),
  };
}

/** A failure once a stream is open: OpenAI clients raise `data: {error}` as their APIError. */
function sendStreamError(sse: Sse, log: Logger, error: unknown): void {
  const shaped = openAiErrorOf(error);
  if (!shaped) log.error(`/v1 stream failed: ${error instanceof Error ? error.message : String(error)}`);
  sse.send(
    shaped?.body ?? {
      error: {
        message: "the answer failed; see the Milady log for details",
        type: "server_error",
        param: null,
        code: "internal",
      },
    },
  );
}

export function openaiRoutes(deps: OpenAiDeps & ContractRouteOptions) {
  const { agent, log } = deps;
  const sources: ModelSources = {
    agentName: () => agent.status().agentName,
    activeModel: () => agent.status().model,
    localFiles: async () => (deps.downloads ? await deps.downloads.list() : []),
    created: Math.floor(deps.startedAt / 1000),
  };

  /** Validates the model, picks the conversation (agent turns) and checks the agent is up: all before any byte is sent. */
  async function prepare(req: RouteRequest<ChatRoute> | RouteRequest<ResponsesRoute>, turn: TurnRequest) {
    const target = await resolveModel(turn.model, sources);
    assertAgentUp(agent);
    // A turn may take minutes on a slow local model; the agent's own reply timeout bounds it.
    req.keepOpen();
    const conversationId =
      target.kind === "agent"
        ? await conversationFor(deps, turn, req.request.headers.get(CONVERSATION_HEADER))
        : undefined;
    return { target, conversationId };
  }

  async function streamChat(req: RouteRequest<ChatRoute>, turn: TurnRequest, includeUsage: boolean) {
    const { target, conversationId } = await prepare(req, turn);
    const ids: Ids = { id: `chatcmpl-${newId()}`, model: turn.model, created: seconds() };
    const sse = req.stream() as Sse;
    if (conversationId) sse.response.headers.set(CONVERSATION_HEADER, conversationId);
    sse.send(chatChunk(ids, { delta: { role: "assistant", content: "" } }));
    let streamed = "";
    const onDelta = (delta: string) => {
      streamed += delta;
      sse.send(chatChunk(ids, { delta: { content: delta } }));
    };
    runTurn(deps, target, turn, { caller: req.caller, conversationId, onDelta })
      .then(
        (result) => {
          const rest = remainderOf(streamed, result.text);
          if (rest) sse.send(chatChunk(ids, { delta: { content: rest } }));
          sse.send(chatChunk(ids, { finish: result.finishReason }));
          if (includeUsage) sse.send(chatChunk(ids, { usage: usageOf(result.usage) }));
          sse.sendRaw("[DONE]");
        },
        (error: unknown) => sendStreamError(sse, log, error),
      )
      .finally(() => sse.close());
    return sse.response;
  }

  async function streamResponse(req: RouteRequest<ResponsesRoute>, turn: TurnRequest, instructions: string | null) {
    const { target, conversationId } = await prepare(req, turn);
    const ids = { id: `resp_${idPart()}`, messageId: `msg_${idPart()}`, model: turn.model, created: seconds() };
    const sse = req.stream() as Sse;
    if (conversationId) sse.response.headers.set(CONVERSATION_HEADER, conversationId);
    let sequence = 0;
    const emit = (event: Record<string, unknown> & { type: string }) =>
      sse.send({ ...event, sequence_number: sequence++ }, event.type);
    const where = { item_id: ids.messageId, output_index: 0, content_index: 0 };
    const item = (status: "in_progress" | "completed" | "incomplete", text: string) => ({
      type: "message" as const,
      id: ids.messageId,
      status,
      role: "assistant" as const,
      content: status === "in_progress" && !text ? [] : [{ type: "output_text" as const, text, annotations: [] }],
    });
    const started = responseObject(ids, turn, instructions);
    emit({ type: "response.created", response: started });
    emit({ type: "response.in_progress", response: started });
    emit({ type: "response.output_item.added", output_index: 0, item: item("in_progress", "") });
    emit({ type: "response.content_part.added", ...where, part: { type: "output_text", text: "", annotations: [] } });
    let streamed = "";
    const onDelta = (delta: string) => {
      streamed += delta;
      emit({ type: "response.output_text.delta", ...where, delta, logprobs: [] });
    };
    runTurn(deps, target, turn, { caller: req.caller, conversationId, onDelta })
      .then(
        (result) => {
          const rest = remainderOf(streamed, result.text);
          if (rest) emit({ type: "response.output_text.delta", ...where, delta: rest, logprobs: [] });
          const done = responseObject(ids, turn, instructions, result);
          emit({ type: "response.output_text.done", ...where, text: result.text, logprobs: [] });
          emit({
            type: "response.content_part.done",
            ...where,
            part: { type: "output_text", text: result.text, annotations: [] },
          });
          emit({ type: "response.output_item.done", output_index: 0, item: done.output[0] });
          emit({ type: done.status === "incomplete" ? "response.incomplete" : "response.completed", response: done });
        },
        (error: unknown) => sendStreamError(sse, log, error),
      )
      .finally(() => sse.close());
    return sse.response;
  }

  return implementRoutes(
    openaiContract,
    {
      models: async () => ({ object: "list" as const, data: await listModels(sources) }),
      model: async ({ params }) => {
        const found = (await listModels(sources)).find((m) => m.id === params.id);
        if (!found) throw modelNotFound(params.id);
        return found;
      },
      chatCompletions: async (req) => {
        const turn = fromChatCompletion(req.body);
        if (turn.stream) return streamChat(req, turn, req.body.stream_options?.include_usage === true);
        const { target, conversationId } = await prepare(req, turn);
        const result = await runTurn(deps, target, turn, { caller: req.caller, conversationId });
        const ids = { id: `chatcmpl-${newId()}`, model: turn.model, created: seconds() };
        return answer(
          openaiContract.routes.chatCompletions.response,
          chatCompletion(ids, result),
          turnHeaders(result),
          deps,
        );
      },
      responses: async (req) => {
        const turn = fromResponseRequest(req.body);
        const instructions = req.body.instructions ?? null;
        if (turn.stream) return streamResponse(req, turn, instructions);
        const { target, conversationId } = await prepare(req, turn);
        const result = await runTurn(deps, target, turn, { caller: req.caller, conversationId });
        const ids = { id: `resp_${idPart()}`, messageId: `msg_${idPart()}`, model: turn.model, created: seconds() };
        const body = responseObject(ids, turn, instructions, result);
        return answer(openaiContract.routes.responses.response, body, turnHeaders(result), deps);
      },
    },
    deps,
  );
}
