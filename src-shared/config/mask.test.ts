import { describe, expect, test } from "bun:test";
import { maskSecret, maskUrlCredentials } from "./mask";

describe("masking", () => {
  test("a connection URL keeps its user, host and database, never the password", () => {
    expect(maskUrlCredentials("postgres://me:s3cret@db:5432/milady")).toBe("postgres://me:••••@db:5432/milady");
    expect(maskUrlCredentials("postgres://db:5432/milady")).toBe("postgres://db:5432/milady");
    expect(maskUrlCredentials("failed: postgres://a:b@h/x")).not.toContain(":b@");
  });

  test("a secret shows its ends only, short ones nothing", () => {
    expect(maskSecret("sk-abcdefgh12345")).toBe("sk-…2345");
    expect(maskSecret("short")).toBe("••••");
    expect(maskSecret("")).toBe("");
  });
});
