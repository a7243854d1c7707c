import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto";
import { MiladyError, type SealedSecrets, sealedSecretsSchema } from "../../src-shared/protocol";

/**
 * The archive's secrets (the state .env) sealed with a password: AES-256-GCM, key from scrypt
 * with a random salt. N = 2^17 costs ~0.3 s and 128 MB per try here, which makes guessing a
 * password slow; the parameters travel with the data so a later Milady can raise them and still
 * open older archives. GCM's tag makes a wrong password (or a changed byte) fail cleanly.
 */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;

function deriveKey(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFC"),
      salt,
      32,
      { ...params, maxmem: 256 * params.N * params.r + 16 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function sealSecrets(
  plain: string,
  password: string,
  params: { N: number; r: number; p: number } = SCRYPT_PARAMS,
): Promise<SealedSecrets> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(password, salt, params);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return {
    kdf: { name: "scrypt", ...params, salt: salt.toString("base64") },
    cipher: "aes-256-gcm",
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64"),
  };
}

/** The plain text, or validation_failed when the password is wrong (nothing about the secrets is said). */
export async function openSecrets(sealedJson: unknown, password: string): Promise<string> {
  const parsed = sealedSecretsSchema.safeParse(sealedJson);
  if (!parsed.success) {
    throw new MiladyError("validation_failed", "the archive's secrets entry is not readable (damaged archive)");
  }
  const sealed = parsed.data;
  if (sealed.kdf.N > 2 ** 22 || sealed.kdf.r > 32 || sealed.kdf.p > 16) {
    throw new MiladyError("validation_failed", "the archive's secrets use key parameters too costly to try");
  }
  const key = await deriveKey(password, Buffer.from(sealed.kdf.salt, "base64"), sealed.kdf);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"));
  decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new MiladyError(
      "validation_failed",
      "wrong password for this archive's secrets; nothing was changed",
      "give the password used for the export (or import without a password to leave the secrets out)",
    );
  }
}
