import { z } from "zod";
import { CHARACTER_FILE_MAX_BYTES } from "../character/read-character-file";
import { characterSchema } from "../protocol/character";
import { capability, method, route } from "./define";

/** What importing a character file did (or, with dryRun, would do). Secret values are masked. */
export const characterImportResultSchema = z.object({
  /** elizaos: an elizaOS (0.x/1.x) or Milady character JSON; tavern-v1/v2/v3: a Tavern character card. */
  format: z.enum(["elizaos", "tavern-v1", "tavern-v2", "tavern-v3"]),
  /** The file was a PNG card. */
  png: z.boolean(),
  character: characterSchema,
  /** What was converted on the way in, each "path: what". */
  notes: z.array(z.string()),
  /** Every field not carried over, each "path: why". */
  ignored: z.array(z.string()),
  /** Secrets stored in the state .env (never in milady.json): names and masked values only. */
  secrets: z.array(
    z.object({
      name: z.string(),
      masked: z.string(),
      /** Milady hands it to the agent (a provider key, a plugin's declared secret); others only sit in .env. */
      usedByAgent: z.boolean(),
      /** A value was already set under that name. */
      replaced: z.boolean(),
    }),
  ),
  /** The character's picture: a new one from the card, the old one removed (the file has none), or none either way. */
  picture: z.enum(["new", "removed", "none"]),
  /** Nothing was changed: a preview of the import. */
  dryRun: z.boolean(),
  /** True when the running agent took it at once (else: at its next start). */
  applied: z.boolean(),
  applyError: z.string().optional(),
  /** A stored secret is read by the agent only at its next start. */
  restartRequired: z.boolean(),
});
export type CharacterImportResult = z.infer<typeof characterImportResultSchema>;

/** The character's picture (from a PNG card), when it has one. */
export const CHARACTER_PICTURE_PATH = "/api/character/picture";
const MULTIPART_OVERHEAD = 64 * 1024;

/** Who the agent is: saved in milady.json, applied live to a running agent. */
export const characterContract = capability({
  name: "character",
  channel: {
    apply: method(z.object({ character: characterSchema }), z.object({ ok: z.literal(true) })),
  },
  routes: {
    get: route({
      method: "GET",
      path: "/api/character",
      response: z.object({
        character: characterSchema,
        /** The picture's URL (changes with the picture), or null; older servers leave it out. */
        picture: z.string().nullable().optional(),
      }),
      errors: [],
      summary: "the character",
    }),
    put: route({
      method: "PUT",
      path: "/api/character",
      /**
       * Any character JSON: Milady's own, or an elizaOS 0.x / 1.x character file. The route
       * normalises it (src-shared/character) and answers every problem at once with a fix.
       */
      body: z.unknown(),
      response: z.object({
        /** The character as saved (normalised). */
        character: characterSchema,
        /** Fields that were dropped, each "path: why". */
        ignored: z.array(z.string()),
        /** What was converted on the way in (shapes, lore into bio, empty entries dropped...). */
        notes: z.array(z.string()),
        /** True when the running agent took it at once (else: at its next start). */
        applied: z.boolean(),
        applyError: z.string().optional(),
      }),
      errors: ["validation_failed"],
      summary: "replace the character (any elizaOS character file) and apply it to the running agent",
    }),
    import: route({
      method: "POST",
      path: "/api/character/import",
      /** `dryRun=true`: read and report, change nothing (the dashboard's preview before it confirms). */
      query: z.object({ dryRun: z.enum(["true", "false", "1", "0"]).optional() }),
      body: { kind: "multipart", field: "file", maxBytes: CHARACTER_FILE_MAX_BYTES + MULTIPART_OVERHEAD },
      response: characterImportResultSchema,
      errors: ["validation_failed", "payload_too_large", "unsupported_media_type"],
      summary:
        "import a character file (elizaOS JSON, Tavern card V2/V3 as JSON or PNG): replaces the character, its secrets go to the .env, a card's picture becomes the character's",
    }),
    export: route({
      method: "GET",
      path: "/api/character/export",
      response: { kind: "file", contentType: "application/json" },
      errors: [],
      summary: "the character as an elizaOS character file (no secrets), as a download",
    }),
    exportCard: route({
      method: "GET",
      path: "/api/character/export/card",
      response: { kind: "file", contentType: "image/png" },
      errors: ["not_found"],
      summary:
        "the character as a Tavern V2 card PNG (its picture; the whole elizaOS character in data.extensions.elizaos; no secrets), as a download",
    }),
    picture: route({
      method: "GET",
      path: CHARACTER_PICTURE_PATH,
      response: { kind: "file", contentType: "image/png" },
      errors: ["not_found"],
      summary: "the character's picture (from an imported PNG card)",
    }),
  },
});
