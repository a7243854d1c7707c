import type { AgentRuntime } from "@elizaos/core";

/** What an action or evaluator row keeps at the default log level: enough to see what ran, on which message, and how it ended. */
const KEPT_FIELDS = [
  "action",
  "actionId",
  "evaluator",
  "messageId",
  "runId",
  "parentRunId",
  "planStep",
  "promptCount",
  "isLegacyReturn",
];
/** A kept text field longer than this is cut: the row says what ran, not the whole conversation again. */
const MAX_TEXT = 500;

/**
 * elizaOS writes a row into its `logs` table for every model call (the whole prompt, twice),
 * every action and every evaluator run (the whole composed state: ~150 KB of JSON per evaluator
 * row, ~9 ms to write, most of a database's growth per turn). Milady's own UI does not read
 * them. At the default level: model-call rows, a run's "started" row and an embedding's "completed" row are dropped, and action/evaluator rows keep only
 * the names, ids and a short result, bounded; at log level debug every row is kept whole, where
 * it helps to see exactly what the model was asked.
 */
export function boundLogRows(runtime: AgentRuntime): void {
  const adapter = runtime.adapter;
  const original = adapter.log.bind(adapter);
  adapter.log = async (params) => {
    const type = typeof params.type === "string" ? params.type : "";
    if (type.startsWith("useModel:")) return;
    // A run's "completed" (or "error"/"timeout") row carries its start time too.
    const status = (params.body as { status?: string })?.status;
    if (type === "run_event" && status === "started") return;
    // bootstrap's embedding queue writes one per embedded message; only a failure says anything.
    if (type === "embedding_event" && status === "completed") return;
    if (type === "action" || type === "evaluator") return original({ ...params, body: boundedBody(params.body) });
    return original(params);
  };
}

export function boundedBody(body: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const field of KEPT_FIELDS) if (body[field] !== undefined) kept[field] = body[field];
  if (typeof body.message === "string") kept.message = cut(body.message);
  if (body.result !== undefined) kept.result = cut(JSON.stringify(body.result) ?? "");
  return kept;
}

const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);
