// Docker and systemd cannot run here, so the deployment files are checked for what can be
// checked: the compose file parses and agrees with the Dockerfile and the README; the image's
// command and the unit's ExecStart are the command the README documents; every package the
// bundle imports is a production dependency (the image installs with --omit=dev); and the
// bundle started the way the image starts it (env file token, state dir from the environment)
// answers the image's health probe and refuses /api without the token.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildMain } from "../../build/build-main";
import { removeDir, startMilady, tempStateDir } from "../support/milady-process";

const ROOT = join(import.meta.dir, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const dockerfile = read("Dockerfile");
const readme = read("README.md");
const unit = read("deploy/milady.service");
const compose = Bun.YAML.parse(read("deploy/compose.yaml")) as {
  services: Record<string, Record<string, any>>;
  volumes: Record<string, unknown>;
};

/** The last stage's instructions of one kind, e.g. ENV or CMD. */
const runStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
const instructions = (kind: string) =>
  runStage
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .filter((line) => line.startsWith(`${kind} `))
    .map((line) => line.slice(kind.length + 1).trim());
const imageEnv = Object.fromEntries(
  instructions("ENV").flatMap((line) => line.split(/\s+/).map((pair) => pair.split("=") as [string, string])),
);
const imageCmd = JSON.parse(instructions("CMD")[0]!) as string[];
const execStart = /^ExecStart=(.+)$/m.exec(unit)![1]!.split(/\s+/);

describe("deployment files", () => {
  test("the compose file parses: Milady on the state volume, PostgreSQL with pgvector, healthy before Milady starts", () => {
    const { milady, postgres } = compose.services;
    expect(milady.build.context).toBe("..");
    expect(existsSync(join(ROOT, "deploy", milady.build.context, milady.build.dockerfile))).toBe(true);
    // The state dir the volume holds is the one the image and the service use.
    expect(milady.environment.MILADY_STATE_DIR).toBe(imageEnv.MILADY_STATE_DIR);
    expect(milady.volumes).toContain(`milady-state:${imageEnv.MILADY_STATE_DIR}`);
    expect(instructions("VOLUME")[0]).toContain(imageEnv.MILADY_STATE_DIR);
    expect(Object.keys(compose.volumes).sort()).toEqual(["milady-db", "milady-state"]);
    // The token and the database password come from the env file, which the example documents.
    expect(milady.env_file).toBe("milady.env");
    const example = read("deploy/milady.env.example");
    expect(example).toMatch(/^MILADY_API_TOKEN=$/m);
    expect(example).toMatch(/^POSTGRES_PASSWORD=$/m);
    // Milady reaches the database by its service name; plugin-sql needs pgvector.
    const url = new URL(milady.environment.POSTGRES_URL.replace(/\$\{[^}]+\}/, "secret"));
    expect(url.hostname).toBe("postgres");
    expect(url.pathname).toBe(`/${postgres.environment.POSTGRES_DB}`);
    expect(url.username).toBe(postgres.environment.POSTGRES_USER);
    expect(postgres.image).toMatch(/^pgvector\/pgvector:pg1[4-9]/);
    expect(milady.depends_on.postgres.condition).toBe("service_healthy");
    expect(postgres.healthcheck.test.join(" ")).toContain("pg_isready");
    // Security by default: the host side of the port stays on loopback.
    expect(milady.ports).toEqual([`127.0.0.1:${imageEnv.MILADY_PORT}:${imageEnv.MILADY_PORT}`]);
    expect(instructions("EXPOSE")).toEqual([imageEnv.MILADY_PORT]);
  });

  test("the image's command, the systemd unit's ExecStart and the README's documented command are one command", () => {
    expect(imageCmd).toEqual(["node_modules/.bin/bun", "dist/main/main.js", "start", "--cli"]);
    expect(execStart).toEqual(imageCmd.map((arg) => (arg.includes("/") ? `/opt/milady/${arg}` : arg)));
    // (includes, not toContain: a failure should not print the whole README)
    for (const documented of [
      imageCmd.join(" "),
      "docker compose -f deploy/compose.yaml up -d",
      "systemctl enable --now milady",
    ]) {
      expect({ documented, inReadme: readme.includes(documented) }).toEqual({ documented, inReadme: true });
    }
    // The unit's state dir is the one systemd creates for it.
    expect(unit).toContain("Environment=MILADY_STATE_DIR=/var/lib/milady");
    expect(unit).toContain("StateDirectory=milady");
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/milady\/milady\.env$/m);
    // What the image copies exists after `npm run build` (dist) or in the checkout.
    for (const dir of ["assets", "bin"]) expect(existsSync(join(ROOT, dir))).toBe(true);
  });

  const outDir = join(tmpdir(), `milady-deploy-bundle-${process.pid}`);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  test("every package the bundle imports is a production dependency, so `npm install --omit=dev` runs it", async () => {
    const outputs = await buildMain(outDir);
    const pkg = JSON.parse(read("package.json")) as { dependencies: Record<string, string> };
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    for (const { path } of outputs) {
      const code = readFileSync(path, "utf8");
      const statics = code.matchAll(/^\s*(?:import|export)\b[^"\n;]*?\bfrom\s*"([^"]+)"|^\s*import\s*"([^"]+)"/gm);
      const dynamics = code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g);
      for (const m of [...statics, ...dynamics]) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith(".") || spec.startsWith("/")) continue;
        if (spec.startsWith("node:") || spec === "bun" || spec.startsWith("bun:")) continue;
        const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
        if (!builtins.has(name)) imported.add(name);
      }
    }
    expect(imported.size).toBeGreaterThan(5);
    // electrobun is loaded only by the desktop app, which ships its own node_modules.
    const missing = [...imported].filter((name) => name !== "electrobun" && !pkg.dependencies[name]);
    expect(missing).toEqual([]);
  }, 120_000);

  test("started as the image starts it, the token from the env file guards /api and the health probe passes", async () => {
    const stateDir = tempStateDir("milady-deploy-");
    const token = "deploy-test-token-0123456789abcdef";
    const milady = await startMilady({
      env: { MILADY_STATE_DIR: stateDir, MILADY_API_TOKEN: token },
      waitForAgent: false,
    });
    try {
      expect((await fetch(`${milady.url}/api/status`)).status).toBe(401);
      expect((await fetch(`${milady.url}/api/status`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
        200,
      );
      const probe = /CMD node -e "(.+)"$/m
        .exec(dockerfile.replace(/\\\n\s*/g, " "))![1]!
        .replace("2138", String(milady.port));
      const run = Bun.spawn(["node", "-e", probe], { stdout: "pipe", stderr: "pipe" });
      expect(await run.exited).toBe(0);
    } finally {
      await milady.stop();
      removeDir(stateDir);
    }
  }, 120_000);
});
