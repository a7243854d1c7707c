import { AgentClient, scriptedBoot, tempDir } from "./host/agent-client.test-util";
const t0 = Date.now();
const a = new AgentClient("worker");
const origPush = a.messages.push.bind(a.messages);
a.messages.push = (...m: any[]) => { for (const x of m) if (x.type === "log" || x.type === "ready" || x.type === "hello") console.log(Date.now() - t0, x.type, x.line?.msg ?? ""); return origPush(...m); };
await a.waitFor("hello"); a.send({ type: "init", protocolVersion: 1, boot: scriptedBoot(tempDir("scratch"), { logLevel: "debug" }) }); await a.waitFor("ready", undefined, 150_000);
console.log("ready", Date.now() - t0);
await a.shutdown();
console.log("done", Date.now() - t0);
