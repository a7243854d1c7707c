/** What to do when a PostgreSQL server lacks pgvector (plugin-sql's tables use its `vector` type). */
export const PGVECTOR_FIX =
  "Install pgvector on the PostgreSQL server (Debian/Ubuntu: apt install postgresql-<version>-pgvector; Debian 13 ships it for PostgreSQL 17), then start Milady again: it runs CREATE EXTENSION vector itself.";
