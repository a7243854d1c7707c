import { type IAgentRuntime, ModelType, type Plugin } from "@elizaos/core";
import { replyStream } from "../../models/stream-context";
import { reportUsage, usageMeter, usageWanted } from "../../models/usage-meter";
import { turnContext } from "../../runtime/turn-context";
import { countWords, scriptedCompletion, wordStream } from "./completion";
import { escapeXml, parseDirectives, probePrompt, receivedMessageFromPrompt } from "./directives";
import { HASH_EMBEDDING_DIMENSION, hashEmbedding } from "./hash-embedding";

/**
 * THE SCRIPTED MODEL — a named test double for integration tests, e2e tests and the
 * bench (`boot.provider === "scripted"`). It answers bootstrap's prompts with valid XML
 * and a deterministic reply ("Echo: <text>"), obeys directives in the user's text (see
 * directives.ts) and embeds with a bag-of-words hash. It never touches the network.
 */
export interface ScriptedModelOptions {
  /** Kills the agent the hard way; differs between a Worker and a child process. */
  crash(): never;
}

/** Delay between streamed words while [slow] is active: visible streaming, short tests. */
const SLOW_WORD_DELAY_MS = 15;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type PromptKind = "message_handler" | "reply" | "mcp_tool" | "mcp_args" | "mcp_answer" | "other";

function promptKind(prompt: string): PromptKind {
  // @elizaos/plugin-mcp's CALL_MCP_TOOL: pick a tool, then its arguments, then answer with its output.
  if (prompt.includes("# TASK: Select the Most Appropriate Tool and Server")) return "mcp_tool";
  if (prompt.includes("# TASK: Generate a Strictly Valid JSON Object for Tool Execution")) return "mcp_args";
  if (prompt.includes("Tool response:\n") && prompt.includes("You've just used the")) return "mcp_answer";
  if (prompt.includes("Generate dialog and actions for the character")) return "message_handler";
  if (prompt.includes("Generate dialog for the character")) return "reply";
  return "other";
}

export function createScriptedModelPlugin(opts: ScriptedModelOptions): Plugin {
  // The same sink a real model uses (models' replyStream); the turn context is the fallback.
  const sinkFor = () => replyStream.getStore()?.onTextDelta ?? turnContext.getStore()?.onTextDelta;

  async function stream(text: string, slow: boolean): Promise<void> {
    const sink = sinkFor();
    if (!sink) return;
    const words = text.split(/(?<= )/); // keep the trailing space with each word
    for (const w of words) {
      sink(w);
      if (slow) await sleep(SLOW_WORD_DELAY_MS);
    }
  }

  /** plugin-mcp's three prompts, answered from the turn's [mcp SERVER TOOL {json}] directive. */
  async function mcpAnswer(kind: PromptKind, prompt: string): Promise<string> {
    const d = parseDirectives(turnContext.getStore()?.userText ?? "");
    if (kind === "mcp_tool") {
      if (!d.mcp) return JSON.stringify({ noToolAvailable: true });
      return JSON.stringify({
        serverName: d.mcp.server,
        toolName: d.mcp.tool,
        reasoning: "scripted",
        noToolAvailable: false,
      });
    }
    if (kind === "mcp_args") {
      return `{"toolArguments": ${d.mcp?.args ?? "{}"}, "reasoning": "scripted"}`;
    }
    // The tool's real output, as plugin-mcp put it in the prompt, is the reply.
    const output = prompt
      .split("Tool response:\n")[1]
      ?.split("\n\nInstructions:")[0]
      ?.replace(/\n*\{\{#if[\s\S]*$/, "");
    const reply = `Tool result: ${(output ?? "").trim()}`;
    await stream(reply, false);
    return reply;
  }

  type TextParams = { prompt?: string; maxTokens?: number; stopSequences?: string[]; stream?: boolean } | null;

  /** Plain completions (the OpenAI API on a non-agent model) and agent prompts, with usage when metered. */
  async function generate(runtime: IAgentRuntime, params: TextParams): Promise<string | object> {
    if (usageMeter.getStore()?.kind === "completion") {
      const { text, words } = scriptedCompletion(params ?? {});
      return params?.stream ? wordStream(words) : text;
    }
    const answer = await agentAnswer(runtime, params);
    if (usageWanted()) reportUsage(countWords(params?.prompt ?? ""), countWords(answer));
    return answer;
  }

  async function agentAnswer(_runtime: IAgentRuntime, params: TextParams): Promise<string> {
    const prompt = params?.prompt ?? "";
    const kind = promptKind(prompt);
    if (kind.startsWith("mcp_")) return mcpAnswer(kind, prompt);
    if (kind === "other") {
      // Evaluators and other prompts: a well-formed, empty answer keeps them quiet.
      return "<response><thought>nothing to add</thought></response>";
    }
    const userText = receivedMessageFromPrompt(prompt) ?? turnContext.getStore()?.userText ?? "";
    const d = parseDirectives(userText);
    if (d.crash) opts.crash();
    if (d.error) throw new Error("scripted model failed on purpose ([error] directive)");
    const reply = d.probe ? `Echo: ${d.text} | probe: ${probePrompt(prompt, d.probe)}` : `Echo: ${d.text}`;
    if (d.mcp && kind === "message_handler") {
      return "<response><thought>Scripted tool call</thought><actions>CALL_MCP_TOOL</actions><providers></providers><text></text></response>";
    }
    const picked = kind === "message_handler" ? [...(d.emote ? ["PLAY_EMOTE"] : []), ...d.actions] : [];
    const actions = ["REPLY", ...picked].join(",");
    // With REPLY plus another action bootstrap's REPLY action asks the model again (reply template);
    // that second answer is the one the user sees, so only it streams.
    const isFinalText = kind === "reply" || actions === "REPLY";
    if (isFinalText) {
      if (d.slowMs) await sleep(d.slowMs);
      await stream(reply, d.slowMs !== undefined);
    }
    const emote = d.emote ? `<emote>${d.emote}</emote>` : "";
    const paramTags = Object.entries(d.params)
      .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
      .join("");
    return `<response><thought>Scripted reply</thought><actions>${actions}</actions><providers></providers>${emote}${paramTags}<text>${escapeXml(reply)}</text></response>`;
  }

  return {
    name: "milady-scripted-model",
    description: "Scripted model (test double): deterministic replies and hash embeddings",
    priority: 100,
    models: {
      [ModelType.TEXT_LARGE]: generate,
      [ModelType.TEXT_SMALL]: generate,
      [ModelType.TEXT_EMBEDDING]: async (_runtime: IAgentRuntime, params: unknown) => {
        const text = typeof params === "string" ? params : ((params as { text?: string } | null)?.text ?? "");
        return hashEmbedding(text, HASH_EMBEDDING_DIMENSION);
      },
    },
  } as Plugin;
}
