import "../../testing/happy-dom";
import { afterAll, describe, expect, test } from "bun:test";
import { noticesContract, systemContract } from "../../../src-shared/contracts";
import type { Notice } from "../../../src-shared/protocol";
import { createApiClient } from "../../api/client";
import { applySnapshot, setApi } from "../../stores";
import { statusFixture } from "../../testing/fixtures";
import { domForThisFile } from "../../testing/happy-dom";
import { startScriptedServer } from "../../testing/scripted-server";
import { NoticeBanner } from "./notice-banner";

const { fireEvent, render, waitFor } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));

let notices: Notice[] = [
  {
    id: "n1",
    kind: "database_repaired",
    at: Date.UTC(2026, 0, 2, 3, 4),
    title: "The database was damaged and has been repaired",
    message: "Milady rebuilt the table memories (4,980 rows kept).",
    fix: "Check your recent conversations.",
    path: "/home/me/.milady/workspace/.eliza/.elizadb.corrupt-2026-01-02T03-04-00-000Z",
  },
];
const status = () => ({ ...statusFixture({ notices }), runId: "r", seq: 1 });
srv.on(systemContract.routes.status, status);
srv.on(noticesContract.routes.ack, (_req, { id }) => {
  notices = notices.filter((n) => n.id !== id);
  return { notices };
});

describe("NoticeBanner", () => {
  test("shows what happened, the backup and the fix until 'OK, got it' acknowledges it on the server", async () => {
    applySnapshot(status());
    const view = render(<NoticeBanner />);
    const notice = await view.findByTestId("notice");
    expect(notice.textContent).toContain("has been repaired");
    expect(notice.textContent).toContain("4,980 rows kept");
    expect(notice.textContent).toContain(".elizadb.corrupt-2026-01-02"); // wide: everything shown
    expect(notice.textContent).toContain("Check your recent conversations.");

    fireEvent.click(view.getByRole("button", { name: "OK, got it" }));
    // The acknowledgement, then the fresh status without the notice.
    await waitFor(() => expect(srv.requests.some((r) => r.method === "GET" && r.path === "/api/status")).toBe(true));
    await waitFor(() => expect(view.queryByTestId("notice")).toBeNull());
    expect(srv.requests.some((r) => r.method === "POST" && r.path === "/api/notices/n1/ack")).toBe(true);
  });
});
