import { EMOTES, type Emote } from "../../../src-shared/protocol";

/**
 * Directives the scripted model (test double) understands inside the user's text.
 *   [emote NAME]  reply with actions REPLY,PLAY_EMOTE and that emote
 *   [slow MS]     wait MS before answering, then stream token by token
 *   [crash]       take the agent down the hard way
 *   [error]       the model throws
 *   [probe TEXT]  append " | probe: <the prompt line containing TEXT>" (or "absent"): how a test sees the prompt
 *   [action NAME] also pick action NAME (REPLY,NAME; several may be given): RESTART, SEND_MESSAGE, a plugin's...
 *   [param K=V]   add <K>V</K> to the answer (an action's parameter, e.g. [param target=<conversation id>])
 *   [mcp SERVER TOOL {json}]  plan CALL_MCP_TOOL and, when plugin-mcp asks, pick that tool
 *                 of that server with that JSON object as its arguments
 */
export interface ScriptDirectives {
  emote?: Emote;
  slowMs?: number;
  crash: boolean;
  error: boolean;
  probe?: string;
  /** Actions to pick besides REPLY (and PLAY_EMOTE for [emote]). */
  actions: string[];
  /** Extra tags of the answer: action parameters. */
  params: Record<string, string>;
  /** [mcp ...]: the MCP tool to call and its arguments (JSON text). */
  mcp?: { server: string; tool: string; args?: string };
  /** The user text without directives (what the echo repeats). */
  text: string;
}

/** Greedy up to the last "}]": the arguments are JSON and may hold "]". */
const MCP_DIRECTIVE = /\[mcp\s+([\w-]+)\s+([\w-]+)(?:\s+(\{.*\}))?\]/s;
const DIRECTIVE = /\[(emote|slow|crash|error|probe|action|param)(?:\s+([^\]]*))?\]/gi;
/** A [slow] longer than this is clamped so a typo cannot hang a test run (10 minutes). */
const MAX_SLOW_MS = 600_000;

export function parseDirectives(input: string): ScriptDirectives {
  const out: ScriptDirectives = { crash: false, error: false, actions: [], params: {}, text: "" };
  const mcp = MCP_DIRECTIVE.exec(input);
  if (mcp) out.mcp = { server: mcp[1], tool: mcp[2], args: mcp[3] };
  const rest = mcp ? input.replace(mcp[0], " ") : input;
  for (const m of rest.matchAll(DIRECTIVE)) {
    const name = m[1].toLowerCase();
    const arg = (m[2] ?? "").trim();
    if (name === "emote") {
      const emote = arg.toLowerCase() as Emote;
      if ((EMOTES as readonly string[]).includes(emote)) out.emote = emote;
    } else if (name === "slow") {
      const ms = Number.parseInt(arg, 10);
      if (Number.isFinite(ms) && ms >= 0) out.slowMs = Math.min(ms, MAX_SLOW_MS);
    } else if (name === "action") {
      if (/^[A-Z0-9_]+$/i.test(arg)) out.actions.push(arg.toUpperCase());
    } else if (name === "param") {
      const eq = arg.indexOf("=");
      const key = eq > 0 ? arg.slice(0, eq).trim() : "";
      if (/^[a-zA-Z][a-zA-Z0-9_]*$/.test(key)) out.params[key] = arg.slice(eq + 1).trim();
    } else if (name === "crash") out.crash = true;
    else if (name === "error") out.error = true;
    else if (name === "probe" && arg) out.probe = arg;
  }
  out.text = rest.replace(DIRECTIVE, " ").replace(/\s+/g, " ").trim();
  return out;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The latest user message as bootstrap's RECENT_MESSAGES provider renders it:
 * "# Received Message\n<sender>: <text>\n\n# Focus your response".
 */
export function receivedMessageFromPrompt(prompt: string): string | undefined {
  const at = prompt.lastIndexOf("# Received Message\n");
  if (at < 0) return undefined;
  const rest = prompt.slice(at + "# Received Message\n".length);
  const end = rest.indexOf("\n\n# Focus your response");
  const line = end >= 0 ? rest.slice(0, end) : rest.split("\n\n")[0];
  const colon = line.indexOf(": ");
  return colon >= 0 ? line.slice(colon + 2) : line;
}

/** The first line of `prompt` containing `text`, leaving out the lines that quote the [probe] itself. */
export function probePrompt(prompt: string, text: string): string {
  const line = prompt.split("\n").find((l) => l.includes(text) && !l.includes("[probe"));
  return line?.trim() ?? "absent";
}
