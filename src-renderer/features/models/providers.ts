import { PROVIDER_KEY, type SecretKey } from "../../../src-shared/config/schema";

export const PROVIDERS = [
  { id: "local", label: "Local (GGUF)", hint: "Runs on this machine. Private, no key needed." },
  { id: "openai", label: "OpenAI", hint: "Needs an API key from platform.openai.com." },
  { id: "anthropic", label: "Anthropic", hint: "Needs an API key from console.anthropic.com." },
  { id: "openrouter", label: "OpenRouter", hint: "One key, many models (openrouter.ai)." },
  { id: "groq", label: "Groq", hint: "Fast hosted models (console.groq.com)." },
  { id: "google", label: "Google", hint: "Gemini models (aistudio.google.com)." },
  { id: "ollama", label: "Ollama", hint: "A local Ollama server, e.g. http://127.0.0.1:11434." },
] as const;
export type ProviderId = (typeof PROVIDERS)[number]["id"];

export function keyFor(provider: string): SecretKey | undefined {
  return PROVIDER_KEY[provider];
}
