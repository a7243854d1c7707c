import { z } from "zod";

/**
 * Sizes the character may have. They are generous on purpose: real character files have
 * long bios (lore is folded in), hundreds of topics and dozens of examples, and elizaOS
 * samples from these lists (10 bio lines, 5 topics, 5 examples per reply), so their length
 * does not grow the prompt. The normaliser cuts a list that is longer (with a note) and
 * reports a text that is longer (with a fix); the form and the server share them.
 */
export const CHARACTER_LIMITS = {
  name: 64,
  username: 64,
  system: 20_000,
  bioLine: 5_000,
  bioLines: 200,
  styleLine: 1_000,
  styleLines: 100,
  adjective: 128,
  adjectives: 200,
  topic: 200,
  topics: 1_000,
  exampleSpeaker: 64,
  exampleText: 5_000,
  /** An example is an exchange: the user's line and the agent's answer at least. */
  exampleMinLines: 2,
  exampleMaxLines: 30,
  examples: 200,
  postExample: 5_000,
  postExamples: 500,
  knowledgeItem: 10_000,
  knowledgeItems: 1_000,
  /** npm's limit for a package name. */
  plugin: 214,
  plugins: 100,
  templateName: 100,
  template: 50_000,
  templates: 64,
} as const;

const L = CHARACTER_LIMITS;
const line = (max: number) => z.string().trim().min(1).max(max);
const lines = (maxLength: number, maxLines: number) => z.array(line(maxLength)).max(maxLines);

export const messageExampleSchema = z.object({
  /** "{{user}}" for the user side, or the agent's name. */
  name: line(L.exampleSpeaker),
  text: line(L.exampleText),
});

/** A knowledge source as elizaOS 1.x declares it: a string (0.x: a fact; 1.x: a file path), a file or a directory. */
export const knowledgeItemSchema = z.union([
  line(L.knowledgeItem),
  z.object({ path: line(L.knowledgeItem), shared: z.boolean().optional() }),
  z.object({ directory: line(L.knowledgeItem), shared: z.boolean().optional() }),
]);
export type KnowledgeItem = z.infer<typeof knowledgeItemSchema>;

/**
 * Character settings without secrets: `secrets` (and keys that look like one) never get
 * here, because the character is stored in milady.json and in the agents table.
 */
export const characterSettingsSchema = z
  .record(z.string().min(1), z.json())
  .refine((s) => !("secrets" in s), { message: "settings.secrets belong in the state .env, not in the character" });

/** The user-editable character: what the agent is. Mapped to an elizaOS Character in src-agent. */
export const characterSchema = z.object({
  name: line(L.name),
  /** The handle elizaOS gives connectors; derived from the name when unset. */
  username: line(L.username).optional(),
  bio: z.array(line(L.bioLine)).min(1).max(L.bioLines),
  system: z.string().max(L.system).default(""),
  style: z
    .object({
      all: lines(L.styleLine, L.styleLines).default([]),
      chat: lines(L.styleLine, L.styleLines).default([]),
      post: lines(L.styleLine, L.styleLines).optional(),
    })
    .default({ all: [], chat: [] }),
  adjectives: lines(L.adjective, L.adjectives).default([]),
  topics: lines(L.topic, L.topics).default([]),
  /** Each example is one short exchange. */
  messageExamples: z
    .array(z.array(messageExampleSchema).min(L.exampleMinLines).max(L.exampleMaxLines))
    .max(L.examples)
    .default([]),
  // The fields below are optional so a character without them stays as small as it was.
  postExamples: lines(L.postExample, L.postExamples).optional(),
  /** Kept from character files; not loaded into the knowledge store yet. */
  knowledge: z.array(knowledgeItemSchema).max(L.knowledgeItems).optional(),
  /** Kept from character files; Milady does not load a character's plugins yet. */
  plugins: lines(L.plugin, L.plugins).optional(),
  /** Kept from character files; not applied to the runtime (Milady's config decides models and storage). */
  settings: characterSettingsSchema.optional(),
  /** elizaOS prompt templates by name (messageHandlerTemplate, ...). */
  templates: z.record(z.string().min(1).max(L.templateName), z.string().min(1).max(L.template)).optional(),
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
