import { describe, expect, test } from "bun:test";
import { messageHandlerTemplate } from "@elizaos/core";
import { STABLE_MESSAGE_HANDLER_TEMPLATE } from "../runtime/message-handler-template";
import {
  AGENT_RESPONSE_FIXED_CHARS,
  AGENT_RESPONSE_MIN_TOKENS,
  agentResponseBounds,
  buildAgentResponseGbnf,
  closeAgentResponse,
  isAgentResponsePrompt,
  isReplyPrompt,
  isSimplePlan,
} from "./agent-response-grammar";

describe("agent response grammar", () => {
  test("detects bootstrap's reply prompt and nothing else", () => {
    expect(isAgentResponsePrompt(messageHandlerTemplate)).toBe(true);
    // Milady's reordered template (runtime/message-handler-template.ts): the same contract.
    expect(isAgentResponsePrompt(STABLE_MESSAGE_HANDLER_TEMPLATE)).toBe(true);
    expect(isReplyPrompt(STABLE_MESSAGE_HANDLER_TEMPLATE)).toBe(false);
    expect(isAgentResponsePrompt("Summarise this conversation")).toBe(false);
    expect(isAgentResponsePrompt("<response><post>..</post></response>")).toBe(false);
  });

  test("fixed tag length matches the grammar's literals", () => {
    const literals = buildAgentResponseGbnf({ thoughtChars: 1, textChars: 1 })
      .split("\n")[0]
      .match(/"[^"]*"/g)
      ?.map((s) => s.slice(1, -1))
      .join("");
    expect(literals?.length).toBe(AGENT_RESPONSE_FIXED_CHARS);
  });

  test("bounds: the hard cap covers the worst case of one token per character", () => {
    for (const maxTokens of [10, AGENT_RESPONSE_MIN_TOKENS, 256, 512, 1024, 4096]) {
      const b = agentResponseBounds(maxTokens);
      const worst = AGENT_RESPONSE_FIXED_CHARS + 3 * 24 + 2 + 2 * 24 + 1 + b.thoughtChars + b.textChars;
      expect(b.tokenCap).toBe(worst);
      expect(b.textChars).toBeGreaterThanOrEqual(2 * b.thoughtChars - 1);
    }
    // Default maxTokens 512: 294 free tokens, 3 chars each.
    expect(agentResponseBounds(512)).toMatchObject({ thoughtChars: 294, textChars: 588 });
    expect(agentResponseBounds(10)).toEqual(agentResponseBounds(AGENT_RESPONSE_MIN_TOKENS));
  });

  test("bounds shrink to the tokens left in the context", () => {
    const b = agentResponseBounds(512, 300);
    expect(b.tokenCap).toBeLessThanOrEqual(300);
    expect(agentResponseBounds(512, 0).textChars).toBeGreaterThanOrEqual(1);
  });

  test("closeAgentResponse repairs a cut-off reply", () => {
    const full =
      "<response><thought>t</thought><actions>REPLY</actions><providers></providers><text>hi</text></response>";
    expect(closeAgentResponse(full)).toBe(full);
    expect(closeAgentResponse(full.slice(0, full.indexOf("hi") + 2))).toBe(full);
    expect(closeAgentResponse(full.slice(0, full.indexOf("</text>") + 4))).toBe(full);
    expect(closeAgentResponse("<response><thought>long thou")).toBe(
      "<response><thought>long thou</thought><actions>REPLY</actions><providers></providers><text>...</text></response>",
    );
  });
});

describe("REPLY action prompt and the simple-plan gate", () => {
  // The format section of plugin-bootstrap 1.7.2's replyTemplate.
  const REPLY_PROMPT = `# Task: Generate dialog for the character Milady.
Respond using XML format like this:
<response>
    <thought>Your thought here</thought>
    <text>Your message here</text>
</response>`;

  test("the REPLY prompt is recognised apart from the plan prompt", () => {
    expect(isReplyPrompt(REPLY_PROMPT)).toBe(true);
    expect(isAgentResponsePrompt(REPLY_PROMPT)).toBe(false);
    expect(isReplyPrompt(messageHandlerTemplate)).toBe(false);
  });

  test("the reply grammar has only thought and text", () => {
    const gbnf = buildAgentResponseGbnf({ thoughtChars: 10, textChars: 20 }, undefined, "reply");
    expect(gbnf).toContain('"<response><thought>" thought "</thought><text>" text "</text></response>"');
    expect(gbnf).not.toContain("actions");
  });

  test("a plan is simple only for exactly REPLY and no providers, decided at </providers>", () => {
    expect(isSimplePlan("<response><thought>x</thought><actions>REPLY</actions>")).toBeUndefined();
    expect(isSimplePlan("<response><thought>x</thought><actions>REPLY</actions><providers></providers>")).toBe(true);
    expect(
      isSimplePlan("<response><thought>x</thought><actions>REPLY,PLAY_EMOTE</actions><providers></providers>"),
    ).toBe(false);
    expect(isSimplePlan("<response><thought>x</thought><actions>REPLY</actions><providers>KNOWLEDGE</providers>")).toBe(
      false,
    );
  });
});
