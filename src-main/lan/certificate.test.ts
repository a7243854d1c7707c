import { describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certificatePaths, loadOrCreateCertificate } from "./certificate";

describe("the LAN certificate", () => {
  test("ECDSA P-256, made once and kept (key 0600): the fingerprint does not change with the addresses", async () => {
    const dir = mkdtempSync(join(tmpdir(), "milady-cert-"));
    try {
      const made = await loadOrCreateCertificate(dir, { agentId: "agent-1", addresses: ["10.1.2.3"] });
      expect(made.created).toBe(true);
      const cert = new X509Certificate(made.certPem);
      expect(cert.publicKey.asymmetricKeyType).toBe("ec");
      expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
      expect(cert.subjectAltName).toContain("IP Address:10.1.2.3");
      expect(made.fingerprint).toBe(cert.fingerprint256);
      expect(statSync(certificatePaths(dir).key).mode & 0o777).toBe(0o600);
      const again = await loadOrCreateCertificate(dir, { agentId: "agent-1", addresses: ["192.168.9.9"] });
      expect(again.created).toBe(false);
      expect(again.fingerprint).toBe(made.fingerprint);
      // A damaged key is not used: a new pair is made (and the fingerprint changes).
      writeFileSync(certificatePaths(dir).key, "garbage");
      const remade = await loadOrCreateCertificate(dir, { agentId: "agent-1", addresses: [] });
      expect(remade.created).toBe(true);
      expect(remade.fingerprint).not.toBe(made.fingerprint);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
