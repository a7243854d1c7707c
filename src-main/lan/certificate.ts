import { createHash, createPrivateKey, X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../config/atomic-write";

/**
 * The certificate LAN clients see. A phone browser gives a plain-HTTP LAN address no service
 * worker, no install and no camera, so the LAN listener speaks HTTPS with a certificate made
 * here once (ECDSA P-256) and kept: its fingerprint is what a phone checks (in the QR) and the
 * native app pins, so it must not change when the Wi-Fi hands out another address.
 */
export interface LanCertificate {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the DER certificate: upper-case hex pairs joined by colons (how browsers show it). */
  fingerprint: string;
  notAfter: Date;
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
/** Long-lived on purpose: a new certificate means every paired phone must accept or re-pin it. */
const VALID_FOR_MS = 10 * YEAR_MS;

export const certificatePaths = (stateDir: string) => ({
  dir: join(stateDir, "tls"),
  cert: join(stateDir, "tls", "lan-cert.pem"),
  key: join(stateDir, "tls", "lan-key.pem"),
});

export function fingerprintOf(certPem: string): string {
  const der = new X509Certificate(certPem).raw;
  return createHash("sha256").update(der).digest("hex").toUpperCase().match(/../g)!.join(":");
}

function readExisting(paths: ReturnType<typeof certificatePaths>): LanCertificate | undefined {
  if (!existsSync(paths.cert) || !existsSync(paths.key)) return undefined;
  try {
    const certPem = readFileSync(paths.cert, "utf8");
    const keyPem = readFileSync(paths.key, "utf8");
    const cert = new X509Certificate(certPem);
    const notAfter = new Date(cert.validTo);
    // Expired, or not a pair: make a new one (the phones then see a new fingerprint).
    if (notAfter.getTime() < Date.now() || !cert.checkPrivateKey(createPrivateKey(keyPem))) return undefined;
    return { certPem, keyPem, fingerprint: fingerprintOf(certPem), notAfter };
  } catch {
    return undefined;
  }
}

const toPem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString("base64")
    .match(/.{1,64}/g)!
    .join("\n")}\n-----END ${label}-----\n`;

/** Makes the self-signed certificate: CN and SANs name this machine; the fingerprint, not the name, is what is checked. */
export async function createCertificate(options: { agentId: string; addresses: string[] }): Promise<LanCertificate> {
  // Loaded only when a certificate is made (once per state dir); @peculiar/x509's DI container needs the polyfill first.
  await import("reflect-metadata");
  const x509 = await import("@peculiar/x509");
  const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
  const keys = (await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as CryptoKeyPair;
  const host =
    hostname()
      .replace(/[^A-Za-z0-9-]/g, "-")
      .slice(0, 60) || "milady";
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + VALID_FOR_MS);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(crypto.getRandomValues(new Uint8Array(16)))
      .toString("hex")
      .replace(/^[89a-f]/, "1"),
    name: `CN=Milady on ${host}, O=Milady, OU=${options.agentId}`,
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: `${host}.local` },
        { type: "dns", value: "localhost" },
        ...options.addresses.map((ip) => ({ type: "ip" as const, value: ip })),
      ]),
    ],
  });
  const certPem = cert.toString("pem");
  const keyPem = toPem("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", keys.privateKey));
  return {
    certPem: certPem.endsWith("\n") ? certPem : `${certPem}\n`,
    keyPem,
    fingerprint: fingerprintOf(certPem),
    notAfter,
  };
}

/** The state dir's certificate, made (and stored, the key 0600) the first time LAN access is used. */
export async function loadOrCreateCertificate(
  stateDir: string,
  options: { agentId: string; addresses: string[] },
): Promise<LanCertificate & { created: boolean }> {
  const paths = certificatePaths(stateDir);
  const existing = readExisting(paths);
  if (existing) return { ...existing, created: false };
  const made = await createCertificate(options);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  writeFileAtomic(paths.key, made.keyPem, 0o600);
  chmodSync(paths.key, 0o600);
  writeFileAtomic(paths.cert, made.certPem);
  return { ...made, created: true };
}
