// Database tests run on SQLite and on this machine's PostgreSQL 15 (scripts/dev.sh services starts it).
// TestDatabases would otherwise try to start PostgreSQL in Docker, which these machines do not have.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';
