/** `npm run migrate` · `npm run demo` · `npm run export -- exceptions > exceptions.csv` · `npm run rollups [-- --rebuild]` */
import { loadConfig } from './config.js';
import { ensureAdmin, openDatabase, prepareSecrets } from './bootstrap.js';
import { migrateToLatest } from './db/migrate.js';
import { loadDemo, DEMO_PASSWORD } from './demo.js';
import { exportExceptionsCsv } from './export.js';
import { foldEvents, rebuildRollups } from './modules/performance/fold.js';

const [command, ...args] = process.argv.slice(2);
const cfg = loadConfig();
const handle = await openDatabase(cfg); // migrates
try {
  switch (command) {
    case 'migrate': {
      const applied = await migrateToLatest(handle.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
      break;
    }
    case 'demo': {
      const generated = await ensureAdmin(handle, cfg.adminPassword);
      if (generated) console.log(`Created user "admin" with password: ${generated}`);
      const loaded = await loadDemo(handle.db, cfg.dataDir, handle.dialect, (await prepareSecrets(handle, cfg)).box);
      console.log(loaded
        ? `Demo data loaded. Log in as ops / merchant / merchant2 / warehouse with password "${DEMO_PASSWORD}".`
        : 'Demo data is already there (user "ops" exists); nothing changed.');
      break;
    }
    case 'export': {
      if (args[0] !== 'exceptions') throw new Error('Usage: npm run export -- exceptions');
      await exportExceptionsCsv(handle.db, process.stdout);
      break;
    }
    case 'rollups': {
      // --rebuild: recompute every rollup from the documents (one transaction); else fold the events not folded yet
      if (args.includes('--rebuild')) console.log(`Rollups rebuilt from ${await rebuildRollups(handle.db, handle.dialect)} documents`);
      else console.log(`Folded ${await foldEvents(handle.db, handle.dialect)} events`);
      break;
    }
    default:
      console.error('Usage: tsx src/cli.ts migrate | demo | export exceptions | rollups [--rebuild]');
      process.exitCode = 2;
  }
} finally {
  await handle.close();
}
