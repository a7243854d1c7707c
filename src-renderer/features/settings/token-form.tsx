import { useState } from "react";
import { getToken, reconnectSession, saveToken, toast } from "../../stores";
import { Button, Input } from "../shell/ui";

/** A browser tab's own copy of the API token (the desktop app's window gets it from the app). */
export function TokenForm() {
  const [token, setToken] = useState("");
  const hasToken = !!getToken();
  return (
    <>
      <p className="mb-3 text-sm text-muted">
        Needed when the server sets MILADY_API_TOKEN (e.g. when reached over the LAN). Stored in this browser only.{" "}
        {hasToken ? "A token is saved." : "No token saved."}
      </p>
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          saveToken(token.trim() || null);
          setToken("");
          toast("success", "Token saved.");
          reconnectSession();
        }}
      >
        <Input
          type="password"
          aria-label="API token"
          autoComplete="off"
          placeholder="Paste token"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
        <Button type="submit" variant="primary" disabled={!token.trim()}>
          Save
        </Button>
        {hasToken && (
          <Button
            variant="ghost"
            onClick={() => {
              saveToken(null);
              toast("info", "Token removed.");
              reconnectSession();
            }}
          >
            Forget
          </Button>
        )}
      </form>
    </>
  );
}
