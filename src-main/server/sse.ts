/** Comment lines keep proxies and idle timers from closing a quiet stream; 15 s is under most 30-60 s defaults. */
const KEEPALIVE_MS = 15_000;

export interface SseStream {
  response: Response;
  /** Sends one event; a no-op once the client has gone. */
  send(data: unknown, event?: string): void;
  /** Sends `data: <text>` as it is, not as JSON (OpenAI's closing `data: [DONE]`). */
  sendRaw(text: string): void;
  close(): void;
  /** True after the client disconnected or close() was called. */
  readonly closed: boolean;
  /** Called once when the stream ends, whoever ended it. */
  onClose(listener: () => void): void;
}

export function createSse(headers: HeadersInit = {}): SseStream {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  const listeners: (() => void)[] = [];
  let keepalive: ReturnType<typeof setInterval> | undefined;

  const finish = () => {
    if (closed) return;
    closed = true;
    if (keepalive) clearInterval(keepalive);
    for (const listener of listeners.splice(0)) {
      try {
        listener();
      } catch {
        // a broken listener must not keep the stream open
      }
    }
  };

  const write = (text: string) => {
    if (closed || !controller) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      finish();
    }
  };

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      // An initial comment flushes the headers so the client sees the stream open at once.
      c.enqueue(encoder.encode(": ok\n\n"));
      keepalive = setInterval(() => write(": keepalive\n\n"), KEEPALIVE_MS);
    },
    cancel() {
      finish();
    },
  });

  const stream: SseStream = {
    response: new Response(body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        "x-accel-buffering": "no",
        ...headers,
      },
    }),
    send(data, event) {
      const prefix = event ? `event: ${event}\n` : "";
      write(`${prefix}data: ${JSON.stringify(data)}\n\n`);
    },
    sendRaw(text) {
      write(`data: ${text}\n\n`);
    },
    close() {
      if (closed) return;
      try {
        controller?.close();
      } catch {
        // already closed by the client
      }
      finish();
    },
    get closed() {
      return closed;
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
  return stream;
}

export function wantsEventStream(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("text/event-stream");
}
