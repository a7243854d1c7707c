/**
 * Test-only entry: the real `milady` CLI, whose `start` runs the desktop layer on
 * FakeDesktopShell instead of Electrobun (which cannot run here), so integration tests get
 * a real desktop-mode process: the real lock, server, agent and desktop layer.
 *
 * - Every shell call is appended as one JSON line to $MILADY_FAKE_SHELL_LOG.
 * - The test acts as the user through stdin, one JSON command per line:
 *   {"do":"tray","item":"Quit Milady"} · {"do":"menu","item":"reload"} · {"do":"close"}
 *   · {"do":"move","frame":{"x":10}} · {"do":"openUrl","url":"milady://pair"} · {"do":"quit"}
 *
 * The variable is read here only; production code paths never look at it.
 */
import { appendFileSync } from "node:fs";
import { runCli } from "../../src-main/cli/program";
import { FakeDesktopShell } from "../../src-main/desktop/testing/fake-shell";

const logFile = process.env.MILADY_FAKE_SHELL_LOG;
if (!logFile) throw new Error("fake-desktop-main needs MILADY_FAKE_SHELL_LOG");

const write = (line: unknown) => appendFileSync(logFile, `${JSON.stringify(line)}\n`);
const shell = new FakeDesktopShell({
  displays: [{ x: 0, y: 0, width: 1920, height: 1080 }],
  onRecord: write,
});

type Command =
  | { do: "tray" | "menu"; item: string }
  | { do: "close" }
  | { do: "move"; frame: Record<string, number> }
  | { do: "openUrl"; url: string }
  | { do: "quit" };

function run(command: Command) {
  switch (command.do) {
    case "tray":
      return shell.tray.click(command.item);
    case "menu":
      return shell.clickMenu(command.item);
    case "close":
      return shell.window?.userClose();
    case "move":
      return shell.window?.userMove(command.frame);
    case "openUrl":
      return shell.openUrl(command.url);
    case "quit":
      return void shell.requestQuit();
  }
}

async function readCommands(): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = Bun.stdin.stream().getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    buffer += decoder.decode(next.value);
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
      if (!line) continue;
      try {
        run(JSON.parse(line) as Command);
        write({ call: "command-done", line, at: Date.now() });
      } catch (error) {
        write({ call: "command-failed", line, error: String(error), at: Date.now() });
      }
    }
  }
}

void readCommands();
await runCli(process.argv, { desktop: { createShell: async () => shell } });
