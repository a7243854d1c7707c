import type { Command } from "commander";
import { downloadHfModel, listLocalModels, renderProgressBar } from "../models";
import { fail, globalOptions, openConfig } from "./context";

export function registerModelsCommand(program: Command): void {
  const models = program.command("models").description("local GGUF models in <state>/models");

  models
    .command("list")
    .description("list the model files")
    .option("--json", "machine-readable JSON")
    .action(async (opts: { json?: boolean }, command: Command) => {
      const store = openConfig(globalOptions(command));
      const files = await listLocalModels(store.paths.modelsDir);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(files, null, 2)}\n`);
        return;
      }
      if (files.length === 0) process.stdout.write(`no models in ${store.paths.modelsDir}\n`);
      for (const f of files) {
        const mb = (f.bytes / 1e6).toFixed(1);
        process.stdout.write(`${f.file}  ${mb} MB${f.validGguf ? "" : "  (not a valid GGUF)"}\n`);
      }
    });

  models
    .command("pull <uri>")
    .description("download a model, e.g. `milady models pull hf:owner/repo/model.Q4_K_M.gguf`")
    .option("--use", "make it the chat model afterwards")
    .action(async (uri: string, opts: { use?: boolean }, command: Command) => {
      const global = globalOptions(command);
      const store = openConfig(global);
      const tty = process.stderr.isTTY;
      try {
        const path = await downloadHfModel(uri, store.paths.modelsDir, {
          onProgress: (p) => {
            if (tty) process.stderr.write(`\r${renderProgressBar(p, 30)}`);
          },
        });
        if (tty) process.stderr.write("\n");
        process.stdout.write(`${path}\n`);
        if (opts.use) await store.setKey("models.local.path", path);
      } catch (error) {
        if (tty) process.stderr.write("\n");
        fail(error, global);
      }
    });
}
