import { z } from "zod";

/**
 * A custom action file: <state>/workspace/custom-actions/NAME.json, one action each. Declarative:
 * an HTTP request, a message template or (only with features.shellEnabled) a command run without
 * a shell. `{{param}}` in the templates is replaced by the value the model gave for that parameter.
 */
const actionName = z
  .string({ error: "is missing: give the action a NAME in capitals, e.g. GET_WEATHER" })
  .regex(/^[A-Z][A-Z0-9_]{1,63}$/, { error: "must be capitals, digits and _ (2-64 chars), e.g. GET_WEATHER" });

const parameterSchema = z.strictObject({
  description: z.string().min(1, { error: "describe the parameter for the model" }).max(300),
  required: z.boolean().default(true),
});

const common = {
  name: actionName,
  description: z
    .string({ error: "is missing: say in one line what the action does (the model reads it)" })
    .min(1, { error: "is empty: say in one line what the action does" })
    .max(500),
  /** Other names the model may use for it (elizaOS similes). */
  similes: z.array(actionName).max(10).default([]),
  parameters: z
    .record(
      z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, { error: "parameter names are letters, digits and _" }),
      parameterSchema,
    )
    .default({}),
};

const httpUrl = z
  .string({ error: "is missing: the URL to call, e.g. https://example.com/api?q={{query}}" })
  .regex(/^https?:\/\//i, { error: "must start with http:// or https://" });

export const httpActionSchema = z.strictObject({
  ...common,
  kind: z.literal("http"),
  request: z.strictObject(
    {
      method: z
        .enum(["GET", "POST", "PUT", "PATCH", "DELETE"], { error: "must be GET, POST, PUT, PATCH or DELETE" })
        .default("GET"),
      url: httpUrl,
      headers: z.record(z.string(), z.string({ error: "header values are strings" })).default({}),
      /** A string template, or JSON whose string values are templates. */
      body: z.union([z.string(), z.record(z.string(), z.json())]).optional(),
      timeoutMs: z.number().int().min(100).max(60_000, { error: "at most 60000 (one minute)" }).default(10_000),
    },
    { error: "is missing: an object with at least url" },
  ),
  /** Characters of the response body that go into the reply. */
  maxResponseChars: z.number().int().min(1).max(8000).default(2000),
});

export const messageActionSchema = z.strictObject({
  ...common,
  kind: z.literal("message"),
  template: z.string({ error: "is missing: the message text, with {{param}} where a value goes" }).min(1).max(4000),
});

export const shellActionSchema = z.strictObject({
  ...common,
  kind: z.literal("shell"),
  /** argv: the program and its arguments, run without a shell (no pipes, globs or $VARS). */
  command: z
    .array(z.string(), { error: 'must be an array: the program and its arguments, e.g. ["df", "-h"]' })
    .min(1, { error: "is empty: name the program to run" }),
  cwd: z.string().optional(),
  timeoutMs: z.number().int().min(100).max(120_000, { error: "at most 120000 (two minutes)" }).default(10_000),
  maxOutputChars: z.number().int().min(1).max(8000).default(2000),
});

export const customActionSchema = z.discriminatedUnion(
  "kind",
  [httpActionSchema, messageActionSchema, shellActionSchema],
  {
    error: (issue) => (issue.code === "invalid_union" ? 'kind must be "http", "message" or "shell"' : undefined),
  },
);

export type CustomActionSpec = z.infer<typeof customActionSchema>;
export type HttpActionSpec = z.infer<typeof httpActionSchema>;
export type ShellActionSpec = z.infer<typeof shellActionSchema>;
