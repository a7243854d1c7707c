import { useState } from "react";
import { readPairing, unpair } from "../../stores";
import { Dialog } from "../shell/dialog";
import { Button } from "../shell/ui";

/** Settings on a paired phone: which desktop it is paired with, and a way to forget it. */
export function ThisPhone() {
  const pairing = readPairing();
  const [confirm, setConfirm] = useState(false);
  if (!pairing) return null;
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="this-phone">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
        <dt className="text-muted">Paired with</dt>
        <dd>{pairing.name}</dd>
        <dt className="text-muted">Since</dt>
        <dd>{new Date(pairing.pairedAt).toLocaleString()}</dd>
        <dt className="text-muted">Addresses</dt>
        <dd className="font-mono text-xs break-all">{pairing.urls.join(", ")}</dd>
        {pairing.fingerprint && (
          <>
            <dt className="text-muted">Certificate</dt>
            <dd className="font-mono text-xs break-all">{pairing.fingerprint}</dd>
          </>
        )}
      </dl>
      <p className="text-xs text-muted">
        Only the desktop can pair more phones or revoke one: open Settings there and choose Pair a phone.
      </p>
      <div>
        <Button variant="danger" className="min-h-11" onClick={() => setConfirm(true)}>
          Unpair this phone
        </Button>
      </div>
      <Dialog title="Unpair this phone?" open={confirm} onClose={() => setConfirm(false)}>
        <p className="text-sm text-muted">
          This phone forgets its pairing and needs a new code from the desktop to come back. The desktop still lists it
          until you revoke it there.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" className="min-h-11" onClick={() => setConfirm(false)}>
            Cancel
          </Button>
          <Button variant="danger" className="min-h-11" onClick={unpair}>
            Unpair
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
