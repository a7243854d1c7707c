import { describe, expect, test } from "bun:test";
import { chooseEmote } from "../../modules/avatar/choose-emote";
import { cosine } from "../../modules/knowledge/cosine";
import { parseDirectives, receivedMessageFromPrompt } from "./directives";
import { HASH_EMBEDDING_DIMENSION, hashEmbedding } from "./hash-embedding";

describe("scripted model (test double) pieces", () => {
  test("directives", () => {
    expect(parseDirectives("hi [emote wave] there [slow 50]")).toEqual({
      emote: "wave",
      slowMs: 50,
      crash: false,
      error: false,
      actions: [],
      params: {},
      text: "hi there",
    });
    expect(parseDirectives("go [action SEND_MESSAGE] [param target=abc] [param message=hello there]")).toMatchObject({
      actions: ["SEND_MESSAGE"],
      params: { target: "abc", message: "hello there" },
      text: "go",
    });
    expect(parseDirectives("[crash]").crash).toBe(true);
    expect(parseDirectives("[ERROR] oops").error).toBe(true);
    expect(parseDirectives("[emote dance]").emote).toBeUndefined();
  });

  test("finds the received message in bootstrap's prompt", () => {
    const prompt =
      "# Conversation Messages\nold\n\n# Received Message\nUser: what is [emote nod] up?\n\n# Focus your response\nYou are";
    expect(receivedMessageFromPrompt(prompt)).toBe("what is [emote nod] up?");
    expect(receivedMessageFromPrompt("no header")).toBeUndefined();
  });

  test("hash embedding: 384 dims, normalised, deterministic, word overlap ranks first", () => {
    const a = hashEmbedding("the pineapple pizza");
    expect(a.length).toBe(HASH_EMBEDDING_DIMENSION);
    expect(Math.hypot(...a)).toBeCloseTo(1);
    expect(hashEmbedding("the pineapple pizza")).toEqual(a);
    const q = hashEmbedding("pineapple");
    expect(cosine(q, a)).toBeGreaterThan(cosine(q, hashEmbedding("cars have four wheels")));
    expect(hashEmbedding("").some((x) => x !== 0)).toBe(true);
  });
});

describe("chooseEmote", () => {
  test("maps what was said to an emote", () => {
    expect(chooseEmote("Hello there")).toBe("wave");
    expect(chooseEmote("yes, exactly")).toBe("nod");
    expect(chooseEmote("no, that is wrong")).toBe("shake");
    expect(chooseEmote("I'm so sorry")).toBe("sad");
    expect(chooseEmote("what do you think?")).toBe("think");
    expect(chooseEmote("the sky")).toBe("relaxed");
    expect(chooseEmote("hello [emote angry]")).toBe("angry");
  });
});
