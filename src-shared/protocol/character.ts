import { z } from "zod";

const line = (max: number) => z.string().trim().min(1).max(max);

export const messageExampleSchema = z.object({
  /** "{{user}}" for the user side, or the agent's name. */
  name: line(64),
  text: line(2000),
});

/** The user-editable character: what the agent is. Mapped to an elizaOS Character in src-agent. */
export const characterSchema = z.object({
  name: line(64),
  bio: z.array(line(1000)).min(1).max(50),
  system: z.string().max(10_000).default(""),
  style: z
    .object({
      all: z.array(line(500)).max(50).default([]),
      chat: z.array(line(500)).max(50).default([]),
    })
    .default({ all: [], chat: [] }),
  adjectives: z.array(line(64)).max(50).default([]),
  topics: z.array(line(128)).max(100).default([]),
  /** Each example is one short exchange (2-10 lines). */
  messageExamples: z.array(z.array(messageExampleSchema).min(2).max(10)).max(30).default([]),
});
export type Character = z.infer<typeof characterSchema>;

export const DEFAULT_CHARACTER: Character = {
  name: "Milady",
  bio: [
    "Milady is a personal AI companion who lives on your own computer.",
    "She is curious, warm and direct, and she keeps your data on your machine.",
  ],
  system:
    "You are Milady, a helpful personal agent running locally for one user. Answer clearly and briefly; ask when something is unclear.",
  style: {
    all: ["be concise", "be warm but not gushing", "use plain words"],
    chat: ["answer the question first, then add detail if it helps"],
  },
  adjectives: ["curious", "warm", "direct"],
  topics: ["everyday questions", "the user's projects", "technology"],
  messageExamples: [
    [
      { name: "{{user}}", text: "hi, who are you?" },
      { name: "Milady", text: "I'm Milady, your agent. I run on this machine. What are we working on?" },
    ],
  ],
};
