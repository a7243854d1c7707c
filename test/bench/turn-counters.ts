/**
 * Counts what one turn costs inside the agent process: SQL statements reaching PGlite (every
 * `query`/`exec`, inside transactions too), model calls (TEXT_* and OBJECT_*; embeddings apart)
 * and CPU time. Used by bare-handle-message.ts; the bench reports the per-turn means.
 */
import type { IAgentRuntime } from "@elizaos/core";

export interface TurnCounters {
  sql: number;
  modelCalls: number;
  embeddings: number;
  /** Normalised statement text -> how often it ran (for --profile). */
  statements: Map<string, number>;
  /** Normalised statement text -> ms from the call to its answer, summed (waits on PGlite's lock included). */
  statementMs: Map<string, number>;
}

type Queryable = {
  query: (...args: unknown[]) => Promise<unknown>;
  exec?: (...args: unknown[]) => Promise<unknown>;
  transaction?: (fn: (tx: Queryable) => Promise<unknown>) => Promise<unknown>;
};

export function countTurnCosts(runtime: IAgentRuntime): TurnCounters {
  const counters: TurnCounters = {
    sql: 0,
    modelCalls: 0,
    embeddings: 0,
    statements: new Map(),
    statementMs: new Map(),
  };
  const timed =
    (run: (...args: unknown[]) => Promise<unknown>) =>
    (...args: unknown[]) => {
      counters.sql++;
      const key = String(args[0]).replace(/\s+/g, " ").replace(/\$\d+/g, "$").slice(0, 140);
      counters.statements.set(key, (counters.statements.get(key) ?? 0) + 1);
      const started = performance.now();
      return run(...args).finally(() =>
        counters.statementMs.set(key, (counters.statementMs.get(key) ?? 0) + performance.now() - started),
      );
    };
  const wrap = (client: Queryable) => {
    client.query = timed(client.query.bind(client));
    if (client.exec) client.exec = timed(client.exec.bind(client));
    if (client.transaction) {
      const transaction = client.transaction.bind(client);
      client.transaction = (fn) => transaction((tx) => fn(wrap(tx)));
    }
    return client;
  };
  const db = (runtime as unknown as { db?: { $client?: Queryable } }).db;
  if (db?.$client) wrap(db.$client);
  const useModel = runtime.useModel.bind(runtime);
  runtime.useModel = ((type: string, ...rest: unknown[]) => {
    if (String(type).includes("EMBEDDING")) counters.embeddings++;
    else counters.modelCalls++;
    return (useModel as (...a: unknown[]) => Promise<unknown>)(type, ...rest);
  }) as IAgentRuntime["useModel"];
  return counters;
}

export function resetCounters(c: TurnCounters): void {
  c.sql = 0;
  c.modelCalls = 0;
  c.embeddings = 0;
  c.statements.clear();
  c.statementMs.clear();
}
