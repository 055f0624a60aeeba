/** `npm start`: migrate, ensure the admin user, serve the API (and later the web app) on PORT. */
import { loadConfig } from './config.js';
import { ensureAdmin, openDatabase } from './bootstrap.js';
import { buildApp } from './http/app.js';

const cfg = loadConfig();
const handle = await openDatabase(cfg);
const generated = await ensureAdmin(handle, cfg.adminPassword);
if (generated) {
  console.log(`\n  Created user "admin" with password: ${generated}\n  (shown once; set TALLY_ADMIN_PASSWORD to choose it)\n`);
}
const app = await buildApp({ db: handle.db, dialect: handle.dialect, dataDir: cfg.dataDir, logger: true });
await app.listen({ port: cfg.port, host: cfg.host });
const where = cfg.databaseUrl ? 'PostgreSQL' : cfg.sqliteFile;
console.log(`Tally is serving on http://localhost:${cfg.port} (database: ${where}); API docs at /docs`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  });
}
