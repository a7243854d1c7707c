import { useState } from "react";
import { getToken, reconnectSession, saveToken, setTokenPrompt, useUiStore } from "../../stores";
import { Dialog } from "./dialog";
import { Button, Input } from "./ui";

/** Shown on any 401: the server has MILADY_API_TOKEN set and this browser has no (or a wrong) token. */
export function TokenDialog() {
  const open = useUiStore((s) => s.tokenPromptOpen);
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
      <p className="mb-3 text-sm text-muted">
        This Milady server is protected by a token. Find it with <code className="font-mono">milady token</code> on the
        machine running Milady (or in its <code className="font-mono">.env</code> as MILADY_API_TOKEN). It is stored
        only in this browser.
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
