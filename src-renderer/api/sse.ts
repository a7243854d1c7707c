/**
 * Parses a text/event-stream body from fetch. POST streaming cannot use
 * EventSource, so we read the stream ourselves. Yields the `data` of each
 * event (multi-line data joined with "\n", per the SSE spec); comments and
 * other fields are ignored.
 */
export async function* readSseData(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  try {
    while (true) {
      if (signal?.aborted) return;
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let nl = buffer.search(/\r?\n/);
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(buffer[nl] === "\r" ? nl + 2 : nl + 1);
        if (line === "") {
          if (data.length) yield data.join("\n");
          data = [];
        } else if (line.startsWith("data:")) {
          data.push(line.slice(line[5] === " " ? 6 : 5));
        }
        nl = buffer.search(/\r?\n/);
      }
    }
    // A stream that ends without the final blank line still delivers its last event.
    if (buffer.startsWith("data:")) data.push(buffer.slice(buffer[5] === " " ? 6 : 5));
    if (data.length) yield data.join("\n");
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** Like readSseData but JSON-parses each event, skipping malformed ones (a half-written proxy buffer must not kill the stream). */
export async function* readSseJson(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<unknown> {
  for await (const data of readSseData(body, signal)) {
    try {
      yield JSON.parse(data);
    } catch {
      // skip
    }
  }
}
