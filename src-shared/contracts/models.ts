import { z } from "zod";
import { modelInfoSchema } from "../protocol/agent-state";
import { localModelFileSchema, modelDownloadRequestSchema } from "../protocol/api";
import { modelProgressPayloadSchema } from "../protocol/events";
import { capability, route } from "./define";

/** Local GGUF files and hf: downloads (main), and the loaded model's state (agent events). */
export const modelsContract = capability({
  name: "models",
  events: {
    /** The local model loaded or unloaded. */
    model_status: z.object({ model: modelInfoSchema }),
    model_progress: modelProgressPayloadSchema,
  },
  routes: {
    list: route({
      method: "GET",
      path: "/api/models",
      response: z.object({ models: z.array(localModelFileSchema), downloading: z.array(z.string()) }),
      errors: ["not_found"],
      summary: "GGUF files in <state>/models and the downloads in flight",
    }),
    download: route({
      method: "POST",
      path: "/api/models/download",
      body: modelDownloadRequestSchema,
      response: z.object({ accepted: z.literal(true), uri: z.string(), file: z.string() }),
      status: 202,
      errors: ["validation_failed", "conflict", "not_found"],
      summary: "download an hf: model; progress arrives as model_progress on /ws",
    }),
  },
});
