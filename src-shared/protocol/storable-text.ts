import type { z } from "zod";

/** A NUL character, or half of a UTF-16 surrogate pair: PostgreSQL's text and jsonb cannot hold either. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly the character PostgreSQL refuses.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a text cannot be stored, or undefined. */
export function unstorableReason(text: string): string | undefined {
  const match = UNSTORABLE.exec(text);
  if (!match) return undefined;
  return match[0] === "\u0000"
    ? `contains a NUL character (\\u0000) at position ${match.index}, which cannot be stored`
    : `contains a broken Unicode character (a lone surrogate) at position ${match.index}, which cannot be stored`;
}

/** A string that the database can store; refused with the position of what cannot be. */
export function storableText<S extends z.ZodString>(schema: S) {
  return schema.superRefine((text, ctx) => {
    const reason = unstorableReason(text);
    if (reason) ctx.addIssue({ code: "custom", message: `${reason}; remove it and send again` });
  });
}
