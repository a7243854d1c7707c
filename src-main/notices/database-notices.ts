import { newId } from "../../src-shared/ids";
import type { DbRecovery, Notice } from "../../src-shared/protocol";

const TITLES: Record<DbRecovery["kind"], { kind: Notice["kind"]; title: string }> = {
  repaired: { kind: "database_repaired", title: "The database was damaged and has been repaired" },
  replaced: { kind: "database_replaced", title: "The database was damaged beyond repair and has been replaced" },
  version_restored: { kind: "database_version_restored", title: "The database's version file was restored" },
};

/** What the agent reported doing to its database at start, as the notice the user acknowledges. */
export function noticeFromRecovery(recovery: DbRecovery): Notice {
  const { kind, title } = TITLES[recovery.kind];
  return {
    id: newId(),
    kind,
    at: recovery.at,
    title,
    message: recovery.message,
    ...(recovery.fix ? { fix: recovery.fix } : {}),
    ...(recovery.backup ? { path: recovery.backup } : {}),
  };
}
