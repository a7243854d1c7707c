/**
 * Copying an agent's rows between databases (PGlite or PostgreSQL, either way): export archives
 * and `milady db migrate` both use it. See rows.ts for why rows travel as jsonb text.
 */
export { type CopyScope, type DataTable, dataTables } from "./data-tables";
export { countRows, type RowText, readRows, type WriteOptions, writeRows } from "./rows";
export { inTransaction } from "./transaction";
