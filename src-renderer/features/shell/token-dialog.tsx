import { useState } from "react";
import { getToken, reconnectSession, saveToken, setTokenPrompt, useUiStore } from "../../stores";
import { Dialog } from "./dialog";
import { Button, Input } from "./ui";

/** Shown on any 401: the server wants a token and this browser has none, or a wrong one. */
export function TokenDialog() {
  const open = useUiStore((s) => s.tokenPromptOpen);
  const rejected = useUiStore((s) => s.tokenRejected);
  const [value, setValue] = useState("");
  const close = () => setTokenPrompt(false);
  const submit = () => {
    saveToken(value.trim() || null);
    setValue("");
    close();
    reconnectSession();
  };
  return (
    <Dialog title="API token required" open={open} onClose={close}>
      {rejected && (
        <p role="alert" className="mb-3 rounded-lg border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
          Wrong token: the server refused the one saved in this browser. Check it and paste it again.
        </p>
      )}
      <p className="mb-3 text-sm text-muted">
        This Milady server is protected by a token. Run <code className="font-mono">milady token</code> on the machine
        running Milady to see it (it is MILADY_API_TOKEN in that machine's Milady{" "}
        <code className="font-mono">.env</code>
        ). It is stored only in this browser.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        className="flex flex-col gap-3"
      >
        <Input
          type="password"
          aria-label="API token"
          autoComplete="off"
          placeholder={getToken() ? "•••• (a token is saved; enter a new one)" : "Paste the token"}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" disabled={!value.trim()}>
            Save token
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
