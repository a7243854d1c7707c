import "../../testing/happy-dom";
import { afterAll, describe, expect, test } from "bun:test";
import { knowledgeContract } from "../../../src-shared/contracts";
import { createApiClient } from "../../api/client";
import { setApi } from "../../stores";
import { domForThisFile } from "../../testing/happy-dom";
import { startScriptedServer, wireError } from "../../testing/scripted-server";
import { KnowledgeView } from "./knowledge-view";
import { validateKnowledgeFile } from "./validate-upload";

const { cleanup, fireEvent, render } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));
srv.on(knowledgeContract.routes.list, () => ({ documents: [] }));
srv.on(knowledgeContract.routes.search, () => ({
  hits: [{ documentId: "d1", filename: "notes.md", chunkIndex: 0, text: "tomatoes like sun", score: 0.8123 }],
}));

const MB = 1024 * 1024;

describe("validateKnowledgeFile", () => {
  test("accepts .txt/.md/.pdf up to 10 MB, rejects other types, empty and oversized files with a clear reason", () => {
    expect(validateKnowledgeFile({ name: "a.MD", size: 10 })).toBeNull();
    expect(validateKnowledgeFile({ name: "a.pdf", size: 10 * MB })).toBeNull();
    expect(validateKnowledgeFile({ name: "a.docx", size: 10 })).toContain(".txt, .md or .pdf");
    expect(validateKnowledgeFile({ name: "big.txt", size: 10 * MB + 1 })).toContain("limit is 10 MB");
    expect(validateKnowledgeFile({ name: "e.txt", size: 0 })).toContain("empty");
  });
});

describe("KnowledgeView", () => {
  test("a wrong file type is refused before any upload; search shows ranked hits with scores", async () => {
    const view = render(<KnowledgeView />);
    await view.findByText("No documents yet.");
    const input = view.getByTestId("knowledge-file") as HTMLInputElement;
    const bad = new File(["MZ"], "setup.exe", { type: "application/octet-stream" });
    fireEvent.change(input, { target: { files: [bad] } });
    await view.findByText(/"setup.exe" is not a supported type/);
    expect(srv.requests.some((r) => r.method === "POST" && r.path === "/api/knowledge")).toBe(false);

    fireEvent.change(view.getByLabelText("Search knowledge"), { target: { value: "tomato" } });
    fireEvent.click(view.getByRole("button", { name: "Search" }));
    await view.findByText("tomatoes like sun");
    expect(view.getByText("0.812")).toBeTruthy();
  });

  test("a document that is already there: the server's 409 shows as an error naming it, with what to do", async () => {
    cleanup();
    srv.on(knowledgeContract.routes.upload, () =>
      wireError(
        "conflict",
        '"copy.txt" is already in knowledge as "notes.txt": the same contents were uploaded before',
        409,
        'Delete "notes.txt" first to upload it again; renaming the file does not help, the contents are compared.',
      ),
    );
    const view = render(<KnowledgeView />);
    await view.findByText("No documents yet.");
    fireEvent.change(view.getByTestId("knowledge-file"), {
      target: { files: [new File(["same bytes"], "copy.txt", { type: "text/plain" })] },
    });
    const alert = await view.findByRole("alert");
    expect(alert.textContent).toContain('already in knowledge as "notes.txt"');
    expect(alert.textContent).toContain('Delete "notes.txt" first');
  });

  const doc = { id: "d1", filename: "notes.md", contentType: "text/markdown", bytes: 10, chunks: 2, createdAt: 1 };
  const openReembed = async () => {
    cleanup();
    srv.on(knowledgeContract.routes.list, () => ({ documents: [doc] }));
    const view = render(<KnowledgeView />);
    await view.findByText("notes.md");
    fireEvent.click(view.getByRole("button", { name: "Re-embed" }));
    const dialog = await view.findByRole("dialog");
    expect(dialog.textContent).toContain("all 1 document again");
    const buttons = view.getAllByRole("button", { name: "Re-embed" });
    fireEvent.click(buttons[buttons.length - 1] as HTMLElement);
    return view;
  };

  // The successful re-embed (toast, dialog closed) is in test/e2e/knowledge-logs.test.ts, in Chromium.
  test("Re-embed: a model error shows in the dialog, which stays open", async () => {
    srv.on(knowledgeContract.routes.reembed, () =>
      wireError("model_error", "could not embed text for knowledge: no model", 502),
    );
    const view = await openReembed();
    expect((await view.findByRole("alert")).textContent).toContain("no model");
    expect(view.getByRole("dialog")).toBeTruthy();
    const posted = srv.requests.filter((r) => r.method === "POST" && r.path === "/api/knowledge/reembed");
    expect(posted.map((r) => r.body)).toEqual([{ all: true }]);
  });

  test("no documents, no Re-embed button", async () => {
    cleanup();
    srv.on(knowledgeContract.routes.list, () => ({ documents: [] }));
    const view = render(<KnowledgeView />);
    await view.findByText("No documents yet.");
    expect(view.queryByRole("button", { name: "Re-embed" })).toBeNull();
  });
});
