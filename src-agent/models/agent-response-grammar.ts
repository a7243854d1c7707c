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

export function buildAgentResponseGbnf(bounds: Pick<AgentResponseBounds, "thoughtChars" | "textChars">): string {
  const name = `[A-Z_]{1,${NAME_MAX}}`;
  return [
    'root ::= "<response><thought>" thought "</thought><actions>" actions "</actions><providers>" providers "</providers><text>" text "</text></response>"',
    // No "<" inside content (it would end the tag early for the elizaOS XML parser) and no control chars but \n, \t.
    // Non-empty: core 1.7.2 retries the whole call when the parsed thought is empty.
    `thought ::= char{1,${bounds.thoughtChars}}`,
    `text ::= char{1,${bounds.textChars}}`,
    `actions ::= ${name} ("," ${name}){0,${ACTIONS_MAX - 1}}`,
    `providers ::= (${name} ("," ${name}){0,${PROVIDERS_MAX - 1}})?`,
    "char ::= [^<\\x00-\\x08\\x0b-\\x1f]",
  ].join("\n");
}
