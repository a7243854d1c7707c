import { createInterface } from "node:readline/promises";
import { type Command, Option } from "commander";
import { CONFIG_PROVIDERS, PROVIDER_KEY } from "../../src-shared/config";
import { renameCharacter } from "../../src-shared/protocol/character-rename";
import type { FileConfigStore } from "../config";
import { fail, globalOptions, openConfig, UsageError } from "./context";

type Provider = (typeof CONFIG_PROVIDERS)[number];

interface SetupOptions {
  name?: string;
  provider?: Provider;
  key?: string;
  keyStdin?: boolean;
  model?: string;
  ollamaUrl?: string;
  wizard?: boolean;
}

export interface SetupAnswers {
  name?: string;
  provider?: Provider;
  key?: string;
  model?: string;
  ollamaUrl?: string;
}

const NON_INTERACTIVE_USAGE = `Without a terminal, pass the answers as flags, e.g.
  milady setup --no-wizard --name Ada --provider local --model /path/to/model.gguf
  echo "$OPENAI_API_KEY" | milady setup --no-wizard --provider openai --key-stdin
Providers: ${CONFIG_PROVIDERS.join(", ")}.`;

/** A choice that cannot work is refused before anything is written. */
function checkAnswers(store: FileConfigStore, answers: SetupAnswers): void {
  const keyName = answers.provider ? PROVIDER_KEY[answers.provider] : undefined;
  if (keyName && !answers.key && !store.secrets()[keyName]) {
    throw new UsageError(
      `the ${answers.provider} provider needs an API key (${keyName}), and none is set`,
      `pass it with --key-stdin (e.g. echo "$${keyName}" | milady setup --no-wizard --provider ${answers.provider} --key-stdin)`,
    );
  }
  if (answers.provider === "local" && !answers.model && !store.current().models.local.path) {
    throw new UsageError(
      "the local provider needs a model file",
      "pass --model /path/to/model.gguf or --model hf:owner/repo/file.gguf",
    );
  }
}

/** Writes the answers: config through the validated store, the key into <state>/.env. */
export async function applySetup(store: FileConfigStore, answers: SetupAnswers): Promise<void> {
  checkAnswers(store, answers);
  const config: Record<string, unknown> = { ui: { onboardingCompleted: true } };
  const models: Record<string, unknown> = {};
  if (answers.provider) models.provider = answers.provider;
  if (answers.model) models.local = { path: answers.model };
  if (answers.ollamaUrl) models.ollamaEndpoint = answers.ollamaUrl;
  if (Object.keys(models).length) config.models = models;
  const secrets: Record<string, string> = {};
  if (answers.key) {
    const name = answers.provider ? PROVIDER_KEY[answers.provider] : undefined;
    if (!name) throw new Error(`--key needs a cloud --provider (${Object.keys(PROVIDER_KEY).join(", ")})`);
    secrets[name] = answers.key;
  }
  await store.patch({ config, secrets });
  // The persona follows the name: bio, system prompt and examples say the new one.
  if (answers.name) await store.setCharacter(renameCharacter(store.current().character, answers.name));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").trim();
}

async function wizard(store: FileConfigStore, given: SetupAnswers): Promise<SetupAnswers> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const ask = async (question: string, fallback?: string) =>
    (await rl.question(fallback ? `${question} [${fallback}]: ` : `${question}: `)).trim() || fallback || "";
  try {
    process.stderr.write("Milady setup — press Enter to keep the value in brackets.\n\n");
    const name = given.name ?? (await ask("Agent name", store.current().character.name));
    let provider = given.provider;
    while (!provider) {
      process.stderr.write(`Model providers: ${CONFIG_PROVIDERS.join(", ")}\n`);
      const answer = (await ask("Provider", store.current().models.provider ?? "local")) as Provider;
      if ((CONFIG_PROVIDERS as readonly string[]).includes(answer)) provider = answer;
      else process.stderr.write(`"${answer}" is not one of them.\n`);
    }
    const answers: SetupAnswers = { name, provider };
    if (PROVIDER_KEY[provider])
      answers.key = given.key ?? ((await ask(`${PROVIDER_KEY[provider]} (input is shown)`)) || undefined);
    if (provider === "local") {
      answers.model =
        given.model ??
        ((await ask("GGUF model: a file path or hf:owner/repo/file.gguf", store.current().models.local.path)) ||
          undefined);
    }
    if (provider === "ollama")
      answers.ollamaUrl = given.ollamaUrl ?? (await ask("Ollama URL", "http://127.0.0.1:11434"));
    return answers;
  } finally {
    rl.close();
  }
}

export function registerSetupCommand(program: Command): void {
  program
    .command("setup")
    .description("first-run setup: agent name, model provider, key, local model")
    .option("--name <name>", "the agent's name")
    .addOption(new Option("--provider <provider>", "model provider").choices([...CONFIG_PROVIDERS]))
    .option("--key <key>", "API key for the chosen cloud provider (prefer --key-stdin: shell history keeps --key)")
    .option("--key-stdin", "read the API key from standard input")
    .option("--model <path|hf:uri>", "local GGUF model")
    .option("--ollama-url <url>", "Ollama endpoint")
    .option("--no-wizard", "do not ask questions; use only the flags")
    .action(async (opts: SetupOptions, command: Command) => {
      const global = globalOptions(command);
      const store = openConfig(global);
      try {
        const given: SetupAnswers = {
          name: opts.name,
          provider: opts.provider,
          key: opts.keyStdin ? await readStdin() : opts.key,
          model: opts.model,
          ollamaUrl: opts.ollamaUrl,
        };
        const hasAnswers = Object.values(given).some((value) => value !== undefined);
        const interactive = opts.wizard !== false && process.stdin.isTTY && !opts.keyStdin;
        // No terminal to ask on and nothing passed: saying "done" would skip the dashboard's onboarding too.
        if (!interactive && !hasAnswers)
          throw new UsageError("setup has nothing to ask with and nothing to save", NON_INTERACTIVE_USAGE);
        const answers = interactive ? await wizard(store, given) : given;
        await applySetup(store, answers);
        process.stderr.write(
          `Saved to ${store.paths.configFile}${answers.key ? ` and ${store.paths.envFile}` : ""}.\nStart Milady with: npm start (or milady start --cli)\n`,
        );
      } catch (error) {
        fail(error, global);
      }
    });
}
