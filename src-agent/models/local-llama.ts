import {
  type Llama,
  LlamaChatSession,
  type LlamaContext,
  type LlamaEmbeddingContext,
  type LlamaGrammar,
  type LlamaModel,
} from "node-llama-cpp";
import {
  type AgentVocabulary,
  agentResponseBounds,
  buildAgentResponseGbnf,
  closeAgentResponse,
} from "./agent-response-grammar";
import { paddedDimension, padEmbedding } from "./embedding-padding";
import { Queue, sharedLlama } from "./llama-binding";
import { assertGgufFile } from "./model-file";
import { PRELOAD_SLICE_CHARS, type PreloadOutcome, type PreloadRequest, sharedLength, sliceEnds } from "./preload";
import { appendPromptTrace, promptTraceFile } from "./prompt-trace";
import { SequencePool } from "./sequence-pool";

export type LogLevel = "error" | "warn" | "info" | "debug";

export type LocalLlamaOptions = {
  modelPath: string;
  /** A separate embedding model; the chat model embeds when unset. */
  embeddingModelPath?: string;
  /** Always explicit: node-llama-cpp's default (>= 4) thrashes on 2 cores (1.5 tok/s vs 1,500 with 1). */
  threads: number;
  contextSize: number;
  maxTokens: number;
  /** Unload after this many idle seconds; 0 keeps the model loaded. */
  idleUnloadSeconds: number;
  temperature: number;
  /** Conversations kept warm at once (one context sequence each, LRU-evicted); default 4. */
  warmSequences?: number;
  /** How far apart a preload gives way to a waiting generation; default PRELOAD_SLICE_CHARS. */
  preloadSliceChars?: number;
  onLoadedChange?: (loaded: boolean) => void;
  log?: (level: LogLevel, msg: string) => void;
};

export type GenerateRequest = {
  prompt: string;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  stopSequences?: string[];
  /** "agent-response": the bootstrap plan XML; "agent-reply": the REPLY action's XML. */
  format?: "agent-response" | "agent-reply" | "text";
  /** With format "agent-response": the actions and providers the runtime really has. */
  vocabulary?: AgentVocabulary;
  onToken?: (delta: string) => void;
  /** The call's real token counts (node-llama-cpp's meter of its sequence: prompt with template, and output). */
  onUsage?: (promptTokens: number, completionTokens: number) => void;
  /** Calls with the same key share a context sequence, so a prompt that repeats the last one's head is not re-evaluated. */
  sessionKey?: string;
};

/**
 * The system message of the agent's calls: empty. The character's system prompt is already in
 * the prompt (bootstrap's CHARACTER provider writes it there), and without a system message
 * node-llama-cpp would put its own generic "helpful, respectful and honest assistant" one first.
 */
export const AGENT_SYSTEM_PROMPT = "";

/** What the last generation cost: prompt tokens in total and those really evaluated (the rest were reused). */
export type PromptStats = { promptTokens: number; evaluatedTokens: number; firstTokenMs: number; sessionKey: string };

type ChatState = { model: LlamaModel; context: LlamaContext; pool: SequencePool };
type EmbedState = { model: LlamaModel; ownsModel: boolean; context: LlamaEmbeddingContext; contextSize: number };

export class LocalLlama {
  private chat: Promise<ChatState> | undefined;
  private embedding: Promise<EmbedState> | undefined;
  private readonly chatQueue = new Queue();
  private readonly embedQueue = new Queue();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Grammars belong to the process-wide llama binding, so they survive model unloads. */
  private grammars = new Map<string, Promise<LlamaGrammar>>();
  private loaded = false;
  private disposed = false;
  lastPrompt: PromptStats | undefined;
  /** MILADY_PROMPT_TRACE: where each call's prompt and timings go (off by default). */
  private readonly traceFile = promptTraceFile();
  /** The prompt of the last generation on each kept sequence (a preload compares its guess with it). */
  private readonly lastPrompts = new Map<string, string>();
  /** The preload evaluating now: a generation aborts it, so a user's turn never waits for a guess. */
  private preloading: AbortController | undefined;

  constructor(private readonly options: LocalLlamaOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1) {
      throw new Error(`threads must be a positive integer (got ${options.threads})`);
    }
  }

  isLoaded(): boolean {
    return this.loaded;
  }

  async generate(request: GenerateRequest): Promise<string> {
    if (request.format !== "agent-response" && request.format !== "agent-reply") {
      return this.prompt(request, async () => ({ maxTokens: request.maxTokens ?? this.options.maxTokens }));
    }
    const raw = await this.prompt(request, async ({ llama, model, context }) => {
      // Tokens left after the prompt (64 covers the chat template). A prompt too long for the
      // context gets its head shifted out by node-llama-cpp, so keep at least a quarter for the answer.
      const promptTokens = model.tokenize(`${request.system ?? ""}\n${request.prompt}`).length;
      const room = Math.max(context.contextSize / 4, context.contextSize - promptTokens - 64);
      const bounds = agentResponseBounds(request.maxTokens ?? this.options.maxTokens, room);
      const vocabulary = request.vocabulary;
      const shape = request.format === "agent-reply" ? "reply" : "plan";
      const key = `${shape}:${bounds.thoughtChars}:${bounds.textChars}:${vocabulary?.actions.join(",")}:${vocabulary?.providers.join(",")}`;
      const grammar = await this.cachedGrammar(key, () =>
        llama.createGrammar({ grammar: buildAgentResponseGbnf(bounds, vocabulary, shape) }),
      );
      return { grammar, maxTokens: bounds.tokenCap };
    });
    const closed = closeAgentResponse(raw);
    if (closed !== raw.trimEnd()) this.options.log?.("warn", "local model reply hit the token cap: closed its XML");
    return closed;
  }

  /**
   * JSON constrained by a schema when node-llama-cpp's JSON-schema grammar accepts it,
   * else by the generic JSON grammar. Prefer enums and maxLength in schemas: grammar
   * numbers are unbounded (a random model once wrote 777e3222222232092323).
   */
  async generateJson(request: Omit<GenerateRequest, "format" | "onToken"> & { schema?: object }): Promise<unknown> {
    const maxTokens = request.maxTokens ?? this.options.maxTokens;
    const text = await this.prompt(request, async ({ llama }) => {
      if (request.schema) {
        try {
          return { maxTokens, grammar: await llama.createGrammarForJsonSchema(request.schema as never) };
        } catch (error) {
          this.options.log?.("warn", `JSON schema not usable as a grammar (${String(error)}): using plain JSON`);
        }
      }
      return { maxTokens, grammar: await this.cachedGrammar("json", () => llama.getGrammarFor("json")) };
    });
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(
        `the local model did not finish its JSON within ${request.maxTokens ?? this.options.maxTokens} tokens: raise maxTokens or use a schema with bounded strings`,
      );
    }
  }

  /** The prompt the last generation on `sessionKey`'s sequence was given, while that sequence is kept. */
  lastPromptOf(sessionKey: string): string | undefined {
    return this.lastPrompts.get(sessionKey);
  }

  /**
   * Evaluates a prompt into `sessionKey`'s kept sequence without generating, so the next
   * generation there whose prompt starts the same way evaluates only what follows (node-llama-cpp
   * reuses the matching head). Idle time only: it is skipped when another call waits for the model,
   * aborted when one arrives, and never loads the model or takes another conversation's sequence.
   */
  preload(request: PreloadRequest): Promise<PreloadOutcome> {
    if (!this.chat || this.disposed) return Promise.resolve({ status: "skipped", reason: "the model is not loaded" });
    return this.use(this.chatQueue, async () => {
      // `pending` counts this job too.
      if (this.chatQueue.pending > 1) return { status: "skipped", reason: "a generation is waiting" };
      const { model, context, pool } = await this.loadChat();
      if (!pool.has(request.sessionKey)) return { status: "skipped", reason: "the conversation is not warm" };
      // A prompt that leaves no room for the answer has its head shifted out when it is answered:
      // what it evaluates then is not what a preload would have.
      const tokens = model.tokenize(`${request.system ?? ""}\n${request.prompt}`).length;
      if (tokens + this.options.maxTokens + 64 > context.contextSize)
        return { status: "skipped", reason: "the prompt nearly fills the context" };
      if (request.after !== undefined && this.lastPrompts.get(request.sessionKey) !== request.after)
        return { status: "skipped", reason: "the conversation moved on since the guess" };
      const sequence = pool.acquire(request.sessionKey);
      const controller = new AbortController();
      this.preloading = controller;
      const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: request.system });
      const before = sequence.tokenMeter.usedInputTokens;
      const started = performance.now();
      let ok = false;
      try {
        // A head shorter than what the sequence already shares with the prompt would erase the
        // rest: the slices start where the last prompt and this one part.
        const kept = sharedLength(request.prompt, this.lastPrompts.get(request.sessionKey) ?? "");
        const slice = this.options.preloadSliceChars ?? PRELOAD_SLICE_CHARS;
        for (const end of sliceEnds(request.prompt, slice, kept)) {
          // A generation arrived (it aborted us) or waits in the queue: the rest is left to it.
          if (controller.signal.aborted || this.chatQueue.pending > 1) {
            ok = true;
            return { status: "aborted" };
          }
          await session.preloadPrompt(request.prompt.slice(0, end), { signal: controller.signal });
          request.onSlice?.(end);
        }
        ok = true;
      } catch (error) {
        if (controller.signal.aborted) {
          ok = true;
          return { status: "aborted" };
        }
        throw error;
      } finally {
        session.dispose({ disposeSequence: false });
        if (this.preloading === controller) this.preloading = undefined;
        // As after a failed generation: the sequence's state is not known.
        if (!ok) {
          pool.forget(request.sessionKey);
          this.lastPrompts.delete(request.sessionKey);
        }
      }
      const evaluatedTokens = sequence.tokenMeter.usedInputTokens - before;
      const outcome = {
        status: "done" as const,
        promptTokens: sequence.nextTokenIndex,
        evaluatedTokens,
        ms: performance.now() - started,
      };
      if (this.traceFile)
        appendPromptTrace(this.traceFile, {
          kind: "preload",
          sessionKey: request.sessionKey,
          system: request.system,
          prompt: request.prompt,
          maxTokens: 0,
          temperature: 0,
          promptTokens: outcome.promptTokens,
          evaluatedTokens,
          completionTokens: 0,
          firstTokenMs: -1,
          totalMs: outcome.ms,
        });
      this.options.log?.(
        "debug",
        `local model: preloaded ${outcome.promptTokens} tokens of the next turn, ${evaluatedTokens} evaluated, in ${Math.round(outcome.ms)} ms`,
      );
      return outcome;
    });
  }

  private prompt(
    request: GenerateRequest,
    plan: (loaded: { llama: Llama; model: LlamaModel; context: LlamaContext }) => Promise<{
      grammar?: LlamaGrammar;
      maxTokens: number;
    }>,
  ): Promise<string> {
    this.preloading?.abort();
    return this.use(this.chatQueue, async () => {
      const { model, context, pool } = await this.loadChat();
      const llama = await sharedLlama(this.options.threads, this.options.log);
      const { grammar, maxTokens } = await plan({ llama, model, context });
      const key = request.sessionKey ?? "";
      const sequence = pool.acquire(key);
      const before = { input: sequence.tokenMeter.usedInputTokens, output: sequence.tokenMeter.usedOutputTokens };
      // A new session on a kept sequence: the chat history is this call's alone, the KV cache is reused up to the first difference.
      const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: request.system });
      let ok = false;
      try {
        const started = performance.now();
        let firstTokenMs = -1;
        const temperature = request.temperature ?? this.options.temperature;
        const text = await session.prompt(request.prompt, {
          maxTokens,
          temperature,
          grammar,
          customStopTriggers: request.stopSequences?.length ? request.stopSequences : undefined,
          onTextChunk: (delta) => {
            if (firstTokenMs < 0) firstTokenMs = performance.now() - started;
            request.onToken?.(delta);
          },
        });
        const completionTokens = sequence.tokenMeter.usedOutputTokens - before.output;
        const evaluatedTokens = sequence.tokenMeter.usedInputTokens - before.input;
        // The sequence now holds the whole prompt (reused head + evaluated rest) and the answer.
        const promptTokens = Math.max(evaluatedTokens, sequence.nextTokenIndex - completionTokens);
        this.lastPrompt = { promptTokens, evaluatedTokens, firstTokenMs, sessionKey: key };
        if (this.traceFile)
          appendPromptTrace(this.traceFile, {
            sessionKey: key,
            system: request.system,
            prompt: request.prompt,
            grammar: grammar?.grammar,
            maxTokens,
            temperature,
            stopSequences: request.stopSequences,
            promptTokens,
            evaluatedTokens,
            completionTokens,
            firstTokenMs,
            totalMs: performance.now() - started,
          });
        this.options.log?.(
          "debug",
          `local model: ${text.length} chars in ${Math.round(performance.now() - started)} ms; prompt ${promptTokens} tokens, ${evaluatedTokens} evaluated, first token ${Math.round(firstTokenMs)} ms`,
        );
        request.onUsage?.(promptTokens, completionTokens);
        this.rememberPrompt(key, request.prompt, pool);
        ok = true;
        return text;
      } finally {
        session.dispose({ disposeSequence: false });
        if (!ok) {
          pool.forget(key);
          this.lastPrompts.delete(key);
        }
      }
    });
  }

  private rememberPrompt(key: string, prompt: string, pool: SequencePool): void {
    this.lastPrompts.delete(key);
    this.lastPrompts.set(key, prompt);
    // Only kept sequences: an evicted one's prompt is no longer in the model's memory.
    for (const kept of this.lastPrompts.keys()) if (!pool.has(kept)) this.lastPrompts.delete(kept);
  }

  /** Embedding vector, zero-padded to a size plugin-sql has a column for. */
  async embed(text: string): Promise<number[]> {
    return this.use(this.embedQueue, async () => {
      const { model, context, contextSize } = await this.loadEmbedding();
      // llama.cpp rejects inputs longer than the context (bge-small: 512 tokens); embed the head instead of failing.
      // 8 tokens of room: node-llama-cpp adds BOS/EOS and needs input < context size.
      const limit = contextSize - 8;
      const tokens = model.tokenize(text);
      const embedding = await context.getEmbeddingFor(tokens.length > limit ? tokens.slice(0, limit) : tokens);
      // Empty input gives an empty vector; keep the column size stable.
      if (embedding.vector.length === 0) return new Array<number>(paddedDimension(model.embeddingVectorSize)).fill(0);
      return padEmbedding(embedding.vector);
    });
  }

  async embeddingDimension(): Promise<number> {
    return this.use(this.embedQueue, async () =>
      paddedDimension((await this.loadEmbedding()).model.embeddingVectorSize),
    );
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.clearIdle();
    // Let a running generation finish before its context is freed under it.
    await Promise.all([this.chatQueue.run(async () => {}), this.embedQueue.run(async () => {})]);
    await this.unload();
  }

  /** Runs a job on a queue, cancels the idle timer meanwhile, and re-arms it when all queues are empty. */
  private async use<T>(queue: Queue, job: () => Promise<T>): Promise<T> {
    if (this.disposed) throw new Error("the local model was shut down; restart the agent to use it again");
    this.clearIdle();
    try {
      return await queue.run(job);
    } finally {
      this.armIdle();
    }
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private armIdle(): void {
    const seconds = this.options.idleUnloadSeconds;
    if (seconds <= 0 || this.disposed || this.chatQueue.pending + this.embedQueue.pending > 0) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.chatQueue.pending + this.embedQueue.pending > 0) return;
      this.options.log?.("info", `local model idle for ${seconds} s: unloading to free memory`);
      void this.unload();
    }, seconds * 1000);
    // An idle timer must never keep the process alive.
    (this.idleTimer as { unref?: () => void }).unref?.();
  }

  private setLoaded(loaded: boolean): void {
    if (this.loaded === loaded) return;
    this.loaded = loaded;
    this.options.onLoadedChange?.(loaded);
  }

  private loadChat(): Promise<ChatState> {
    this.chat ??= (async () => {
      const started = Date.now();
      const model = await this.loadModelFile(this.options.modelPath);
      const context = await this.createChatContext(model);
      this.options.log?.(
        "info",
        `local model loaded: ${this.options.modelPath} in ${Date.now() - started} ms, ${context.totalSequences} warm conversations`,
      );
      this.setLoaded(true);
      return { model, context, pool: new SequencePool(context) };
    })().catch((error) => {
      this.chat = undefined;
      throw error;
    });
    return this.chat;
  }

  /** Each sequence has its own KV cache: when memory is short for all of them, fewer conversations stay warm. */
  private async createChatContext(model: LlamaModel): Promise<LlamaContext> {
    const contextSize = Math.min(this.options.contextSize, model.trainContextSize);
    for (let sequences = Math.max(1, this.options.warmSequences ?? 4); ; sequences = Math.floor(sequences / 2)) {
      try {
        return await model.createContext({ contextSize, threads: this.options.threads, sequences });
      } catch (error) {
        if (sequences <= 1) throw error;
        this.options.log?.("warn", `no memory for ${sequences} warm conversations (${String(error)}): trying fewer`);
      }
    }
  }

  private loadEmbedding(): Promise<EmbedState> {
    this.embedding ??= (async () => {
      const path = this.options.embeddingModelPath ?? this.options.modelPath;
      const ownsModel = path !== this.options.modelPath;
      const model = ownsModel ? await this.loadModelFile(path) : (await this.loadChat()).model;
      const contextSize = Math.min(this.options.contextSize, model.trainContextSize);
      const context = await model.createEmbeddingContext({ contextSize, threads: this.options.threads });
      this.setLoaded(true);
      return { model, ownsModel, context, contextSize };
    })().catch((error) => {
      this.embedding = undefined;
      throw error;
    });
    return this.embedding;
  }

  private async loadModelFile(path: string): Promise<LlamaModel> {
    await assertGgufFile(path);
    const llama = await sharedLlama(this.options.threads, this.options.log);
    try {
      return await llama.loadModel({ modelPath: path });
    } catch (error) {
      throw new Error(
        `model file ${path} could not be loaded by llama.cpp (${String(error)}): the file may be truncated or use an unsupported architecture; download it again with \`milady models pull\``,
      );
    }
  }

  private cachedGrammar(key: string, create: () => Promise<LlamaGrammar>): Promise<LlamaGrammar> {
    let grammar = this.grammars.get(key);
    if (!grammar) {
      // Keys vary with prompt length when the context is tight; keep the cache small.
      if (this.grammars.size >= 32) this.grammars.clear();
      grammar = create();
      grammar.catch(() => this.grammars.delete(key));
      this.grammars.set(key, grammar);
    }
    return grammar;
  }

  private async unload(): Promise<void> {
    const chat = this.chat;
    const embedding = this.embedding;
    this.chat = undefined;
    this.embedding = undefined;
    this.lastPrompts.clear();
    const results = await Promise.allSettled([embedding, chat]);
    const [embedState, chatState] = results.map((r) => (r.status === "fulfilled" ? r.value : undefined)) as [
      EmbedState | undefined,
      ChatState | undefined,
    ];
    await embedState?.context.dispose();
    if (embedState?.ownsModel) await embedState.model.dispose();
    await chatState?.context.dispose();
    await chatState?.model.dispose();
    this.setLoaded(false);
  }
}
