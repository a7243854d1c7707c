import { z } from "zod";
import { normaliseCharacter } from "./normalise";

/**
 * The `character` key of milady.json. It takes the same shapes as PUT /api/character
 * (a character file pasted in, elizaOS 0.x or 1.x) and normalises them when the config is
 * loaded, but an unknown key is an error naming it, as at the top level of the file:
 * Milady's own file does not drop what a user wrote without saying so.
 */
export const configCharacterSchema = z.unknown().transform((input, ctx) => {
  const result = normaliseCharacter(input, { unknownFields: "reject" });
  if (result.ok) return result.character;
  for (const problem of result.problems) {
    ctx.issues.push({ code: "custom", input, path: problem.at, message: `${problem.message}; fix: ${problem.fix}` });
  }
  return z.NEVER;
});
