import { useEffect, useRef, useState } from "react";
import type { AvatarInfo } from "../../../src-shared/protocol/api";
import { getApi, toast, useAvatarStore } from "../../stores";
import { validateVrm } from "../onboarding";
import { Badge, Button, Card, ErrorNote } from "../shell/ui";

/**
 * Change the avatar after onboarding: upload a .vrm or go back to the default.
 * The server checks the file (a broken one is refused and the current avatar
 * stays); the chat's avatar panel reloads from the new URL in the store.
 */
export function AvatarCard() {
  const info = useAvatarStore((s) => s.info);
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!info)
      getApi()
        .avatar.get()
        .then((a) => useAvatarStore.setState({ info: a }))
        .catch(() => {});
  }, [info]);

  const apply = async (run: () => Promise<AvatarInfo>, done: string) => {
    setError(null);
    setBusy(true);
    try {
      useAvatarStore.setState({ info: await run() });
      toast("success", done);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
      if (fileRef.current) fileRef.current.value = "";
    }
  };

  const upload = (file: File | undefined) => {
    if (!file) return;
    const problem = validateVrm(file);
    if (problem) return setError({ message: problem });
    void apply(() => getApi().avatar.upload({ file }), `Avatar changed to ${file.name}.`);
  };

  return (
    <Card
      title="Avatar"
      actions={
        <div className="flex gap-2">
          {info?.custom && (
            <Button
              variant="ghost"
              disabled={busy}
              onClick={() => void apply(() => getApi().avatar.reset(), "Back to the default avatar.")}
            >
              Use the default
            </Button>
          )}
          <input
            ref={fileRef}
            type="file"
            accept=".vrm"
            className="sr-only"
            aria-label="Upload avatar"
            data-testid="avatar-file"
            onChange={(e) => upload(e.target.files?.[0])}
          />
          <Button disabled={busy} onClick={() => fileRef.current?.click()}>
            {busy ? "Uploading…" : "Upload .vrm…"}
          </Button>
        </div>
      }
    >
      <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="avatar-current">
        <span className="truncate">{info?.name ?? "…"}</span>
        {info && <Badge tone={info.custom ? "accent" : "muted"}>{info.custom ? "custom" : "default"}</Badge>}
      </p>
      <p className="mt-1 text-xs text-muted">VRM 0.x or 1.0 up to 50 MB, e.g. exported from VRoid Studio.</p>
      {error && (
        <div className="mt-3">
          <ErrorNote error={error} />
        </div>
      )}
    </Card>
  );
}
