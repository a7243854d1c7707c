/**
 * Streams only the user-visible part of an elizaOS agent response while the model is
 * still writing it. bootstrap's TEXT_LARGE prompt asks for
 *   <response><thought>..</thought><actions>..</actions><providers>..</providers><text>..</text></response>
 * and the chat UI should see the <text> content token by token, not the XML around it.
 * A model that ignores the format (plain text, no wrapper) is streamed as is.
 *
 *   detect ──"<response"/"<thought"/..──▶ seek-text ──"<text>"──▶ in-text ──"</text>"──▶ done
 *     └──────────── anything else ──────▶ plain (emit everything)
 */

const XML_OPENERS = ["<response", "<thought", "<actions", "<providers", "<text"];
const OPEN_TEXT = "<text>";
const CLOSE_TEXT = "</text>";
/** Longest entity we unescape is "&quot;"/"&apos;" (6 chars). */
const MAX_ENTITY = 6;
const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'" };

export function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (m) => ENTITIES[m] ?? m);
}

type Mode = "detect" | "plain" | "seek-text" | "in-text" | "done";

export function createResponseTextStreamer(onDelta: (delta: string) => void): {
  feed(chunk: string): void;
  end(): void;
} {
  let mode: Mode = "detect";
  let buffer = "";
  /** In "in-text": index in buffer up to which content was emitted. */
  let cursor = 0;

  const emit = (text: string): void => {
    if (text.length > 0) onDelta(text);
  };

  /** Strips leading whitespace and a ```xml fence line some models add. */
  const detectBody = (): string | null => {
    let body = buffer.trimStart();
    if (body.startsWith("```")) {
      const newline = body.indexOf("\n");
      if (newline < 0) return null; // fence line not complete yet
      body = body.slice(newline + 1).trimStart();
    } else if ("```".startsWith(body)) {
      return null;
    }
    return body;
  };

  const step = (final: boolean): void => {
    if (mode === "detect") {
      const body = detectBody();
      if (body === null || body.length === 0) {
        if (final) emit(buffer);
        return;
      }
      if (XML_OPENERS.some((o) => body.startsWith(o))) {
        mode = "seek-text";
      } else if (!final && XML_OPENERS.some((o) => o.startsWith(body))) {
        return; // could still become "<response": wait for more
      } else {
        mode = "plain";
        emit(buffer);
        buffer = "";
        return;
      }
    }
    if (mode === "seek-text") {
      // A "<text>" inside an unfinished <thought> is not the answer: look after "</thought>".
      let from = 0;
      const thoughtOpen = buffer.indexOf("<thought>");
      if (thoughtOpen >= 0) {
        const thoughtClose = buffer.indexOf("</thought>", thoughtOpen);
        if (thoughtClose < 0) return;
        from = thoughtClose;
      }
      const open = buffer.indexOf(OPEN_TEXT, from);
      if (open < 0) return;
      mode = "in-text";
      cursor = open + OPEN_TEXT.length;
    }
    if (mode === "in-text") {
      const close = buffer.indexOf(CLOSE_TEXT, cursor);
      if (close >= 0) {
        emit(unescapeXml(buffer.slice(cursor, close)));
        mode = "done";
        buffer = "";
        return;
      }
      let safeEnd = buffer.length;
      if (!final) {
        // Hold back a possible partial "</text>" or partial entity at the end.
        const lt = buffer.lastIndexOf("<");
        if (lt >= cursor && CLOSE_TEXT.startsWith(buffer.slice(lt))) safeEnd = lt;
        const amp = buffer.lastIndexOf("&", safeEnd - 1);
        if (amp >= cursor && safeEnd - amp < MAX_ENTITY && !buffer.slice(amp, safeEnd).includes(";")) safeEnd = amp;
      }
      emit(unescapeXml(buffer.slice(cursor, safeEnd)));
      // Drop what was emitted so the buffer stays small on long answers.
      buffer = buffer.slice(safeEnd);
      cursor = 0;
      if (final) mode = "done";
    }
  };

  return {
    feed(chunk: string): void {
      if (mode === "done" || chunk.length === 0) return;
      if (mode === "plain") {
        emit(chunk);
        return;
      }
      buffer += chunk;
      step(false);
    },
    end(): void {
      if (mode === "done" || mode === "plain") return;
      step(true);
      mode = "done";
    },
  };
}
