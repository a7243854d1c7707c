/**
 * GBNF grammar that forces the elizaOS bootstrap response shape, so small local models
 * cannot break the XML parser:
 *   <response><thought>…</thought><actions>A[,B]</actions><providers>…</providers><text>…</text></response>
 * Every part is length-bounded so the whole answer always closes within the token cap.
 */

/** True for bootstrap's messageHandlerTemplate (and look-alikes): it asks for <response> with <actions> and <text>. */
export function isAgentResponsePrompt(prompt: string): boolean {
  return prompt.includes("<response>") && prompt.includes("<actions>") && prompt.includes("<text>");
}

/**
 * True for the REPLY action's replyTemplate: <response><thought/><text/></response>, no
 * <actions>. When the plan has more than REPLY (e.g. REPLY,PLAY_EMOTE) core runs the
 * actions and REPLY generates the text again with this prompt.
 */
export function isReplyPrompt(prompt: string): boolean {
  return (
    prompt.includes("<response>") &&
    prompt.includes("<thought>") &&
    prompt.includes("<text>") &&
    !prompt.includes("<actions>")
  );
}

/**
 * In the plan response, <text> is the reply only in core's "simple" mode (actions exactly
 * REPLY, no providers); otherwise REPLY writes the reply afterwards. Decided at </providers>.
 */
export function isSimplePlan(rawSoFar: string): boolean | undefined {
  const end = rawSoFar.indexOf("</providers>");
  if (end < 0) return undefined;
  const actions = rawSoFar.match(/<actions>([^<]*)<\/actions>/)?.[1]?.trim() ?? "";
  const providers = rawSoFar.match(/<providers>([^<]*)<\/providers>/)?.[1]?.trim() ?? "";
  return actions.toUpperCase() === "REPLY" && providers === "";
}

/** Characters of the fixed tags: "<response><thought></thought><actions></actions><providers></providers><text></text></response>". */
export const AGENT_RESPONSE_FIXED_CHARS = 95;
const NAME_MAX = 24;
const ACTIONS_MAX = 3;
const PROVIDERS_MAX = 2;
/** Worst case for the name lists: 3 names of 24 + 2 commas, 2 names of 24 + 1 comma. */
const LIST_CHARS = ACTIONS_MAX * NAME_MAX + (ACTIONS_MAX - 1) + PROVIDERS_MAX * NAME_MAX + (PROVIDERS_MAX - 1);
/** Below this the grammar cannot fit a useful answer: 95 tag + 123 list + 32 free. */
export const AGENT_RESPONSE_MIN_TOKENS = AGENT_RESPONSE_FIXED_CHARS + LIST_CHARS + 32;
/**
 * Real tokenizers spend 3-4 characters of English per token, so a maxTokens budget is
 * turned into 3 characters per free token: at the default 512, thought <= 294 and text
 * <= 588 characters, ~250 real tokens. The hard cap passed to the sampler assumes the
 * worst case (one token per character), so the grammar always closes before it.
 */
const CHARS_PER_TOKEN = 3;

export type AgentResponseBounds = { thoughtChars: number; textChars: number; tokenCap: number };

/** Content limits for a budget of maxTokens, shrunk to the tokens left in the context (tokenRoom). */
export function agentResponseBounds(maxTokens: number, tokenRoom = Number.POSITIVE_INFINITY): AgentResponseBounds {
  const free = Math.max(maxTokens, AGENT_RESPONSE_MIN_TOKENS) - AGENT_RESPONSE_FIXED_CHARS - LIST_CHARS;
  const room = Math.floor(tokenRoom) - AGENT_RESPONSE_FIXED_CHARS - LIST_CHARS;
  const content = Math.max(3, Math.min(free * CHARS_PER_TOKEN, room));
  const thoughtChars = Math.max(1, Math.floor(content / 3));
  const textChars = Math.max(1, content - thoughtChars);
  return { thoughtChars, textChars, tokenCap: AGENT_RESPONSE_FIXED_CHARS + LIST_CHARS + thoughtChars + textChars };
}

/**
 * Backstop for the rare case the cap is still hit (multi-byte characters sampled one byte
 * per token): drops a cut-off tag and closes what is open, so the parser gets its fields.
 */
export function closeAgentResponse(raw: string): string {
  let out = raw.trimEnd();
  if (out.endsWith("</response>")) return out;
  const lt = out.lastIndexOf("<");
  if (lt > out.lastIndexOf(">")) out = out.slice(0, lt);
  const order = ["thought", "actions", "providers", "text"] as const;
  const fill: Record<(typeof order)[number], string> = { thought: "...", actions: "REPLY", providers: "", text: "..." };
  if (!out.startsWith("<response>")) out = `<response>${out}`;
  for (const tag of order) {
    const open = out.lastIndexOf(`<${tag}>`);
    if (open < 0) out += `<${tag}>${fill[tag]}</${tag}>`;
    else if (out.indexOf(`</${tag}>`, open) < 0) out += `</${tag}>`;
  }
  return `${out}</response>`;
}

/** Names the model may use in <actions> and <providers>: the ones the runtime has registered. */
export interface AgentVocabulary {
  actions: string[];
  providers: string[];
}

/** Actions that make the agent stay silent: a personal agent in a DM always answers. */
const SILENT_ACTIONS = new Set(["REPLY", "IGNORE", "NONE"]);

const gbnfString = (value: string) => `"${value.replace(/["\\]/g, "\\$&")}"`;

/**
 * Without a vocabulary, any [A-Z_] name is allowed. With one, a small model can
 * only name real actions and providers, and the first action is always REPLY:
 * random weights otherwise invent names ("PA_SNAGD…") and no reply is sent.
 */
export function buildAgentResponseGbnf(
  bounds: Pick<AgentResponseBounds, "thoughtChars" | "textChars">,
  vocabulary?: AgentVocabulary,
  shape: "plan" | "reply" = "plan",
): string {
  if (shape === "reply") {
    return [
      'root ::= "<response><thought>" thought "</thought><text>" text "</text></response>"',
      `thought ::= char{1,${bounds.thoughtChars}}`,
      `text ::= char{1,${bounds.textChars}}`,
      "char ::= [^<\\x00-\\x08\\x0b-\\x1f]",
    ].join("\n");
  }
  const name = `[A-Z_]{1,${NAME_MAX}}`;
  const extraActions = (vocabulary?.actions ?? []).filter((a) => /^[A-Z_]+$/.test(a) && !SILENT_ACTIONS.has(a));
  const providerNames = (vocabulary?.providers ?? []).filter((p) => /^[A-Z_]+$/.test(p));
  const actionRule = vocabulary
    ? `actions ::= "REPLY" ${extraActions.length ? `("," action){0,${ACTIONS_MAX - 1}}` : ""}`.trimEnd()
    : `actions ::= ${name} ("," ${name}){0,${ACTIONS_MAX - 1}}`;
  const providerRule = vocabulary
    ? providerNames.length
      ? `providers ::= (provider ("," provider){0,${PROVIDERS_MAX - 1}})?`
      : 'providers ::= ""'
    : `providers ::= (${name} ("," ${name}){0,${PROVIDERS_MAX - 1}})?`;
  return [
    'root ::= "<response><thought>" thought "</thought><actions>" actions "</actions><providers>" providers "</providers><text>" text "</text></response>"',
    // No "<" inside content (it would end the tag early for the elizaOS XML parser) and no control chars but \n, \t.
    // Non-empty: core 1.7.2 retries the whole call when the parsed thought is empty.
    `thought ::= char{1,${bounds.thoughtChars}}`,
    `text ::= char{1,${bounds.textChars}}`,
    actionRule,
    providerRule,
    ...(vocabulary && extraActions.length ? [`action ::= ${extraActions.map(gbnfString).join(" | ")}`] : []),
    ...(vocabulary && providerNames.length ? [`provider ::= ${providerNames.map(gbnfString).join(" | ")}`] : []),
    "char ::= [^<\\x00-\\x08\\x0b-\\x1f]",
  ].join("\n");
}
