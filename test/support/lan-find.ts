/**
 * A paired phone looking for its desktop again, run inside a network namespace: findAgentById
 * from src-main/lan/discovery.ts, one JSON line on stdout ({event: "found", agent, ms} or
 * {event: "none", ms}).
 *
 *   bun test/support/lan-find.ts --id ID [--timeout 3000]
 */
import { parseArgs } from "node:util";
import { findAgentById } from "../../src-main/lan/discovery";

const { values } = parseArgs({ options: { id: { type: "string" }, timeout: { type: "string", default: "3000" } } });
const t0 = Date.now();
const agent = await findAgentById(values.id ?? "", Number(values.timeout));
const ms = Date.now() - t0;
process.stdout.write(`${JSON.stringify(agent ? { event: "found", agent, ms } : { event: "none", ms })}\n`);
process.exit(0);
