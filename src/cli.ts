/** `npm run migrate` · `npm run demo` · `npm run export -- exceptions [--format=xlsx] [--lang=en-US] > exceptions.csv` · `npm run rollups [-- --rebuild]` */
import { loadConfig } from './config.js';
import { ensureAdmin, openDatabase, prepareSecrets } from './bootstrap.js';
import { migrateToLatest } from './db/migrate.js';
import { loadDemo, DEMO_PASSWORD } from './demo.js';
import { EXPORT_LISTS } from './modules/exports/lists.js';
import { SYSTEM_ACTOR, systemClock } from './modules/shared/context.js';
import { EXPORT_FORMATS, exportLang, startExport, type ExportFormat } from './modules/shared/export.js';
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
      // every row of a list as the platform sees it (subtypes included), like GET /api/<list>/export
      const spec = EXPORT_LISTS[args[0]];
      const format = (args.find((a) => a.startsWith('--format='))?.slice(9) ?? 'csv') as ExportFormat;
      if (!spec || !EXPORT_FORMATS.includes(format)) {
        throw new Error(`Usage: npm run export -- ${Object.keys(EXPORT_LISTS).join(' | ')} [--format=csv|xlsx] [--lang=zh-CN|en-US] > file`);
      }
      const lang = exportLang(args.find((a) => a.startsWith('--lang='))?.slice(7), undefined);
      const ctx = { db: handle.db, actor: SYSTEM_ACTOR, clock: systemClock, dataDir: cfg.dataDir };
      const answer = await startExport(ctx, spec, {}, format, lang, (err) => { process.exitCode = 1; console.error(err); });
      for await (const part of answer.stream) if (!process.stdout.write(part)) await new Promise((r) => process.stdout.once('drain', r));
      break;
    }
    case 'rollups': {
      // --rebuild: recompute every rollup from the documents (one transaction); else fold the events not folded yet
      if (args.includes('--rebuild')) console.log(`Rollups rebuilt from ${await rebuildRollups(handle.db, handle.dialect)} documents`);
      else console.log(`Folded ${await foldEvents(handle.db, handle.dialect)} events`);
      break;
    }
    default:
      console.error('Usage: tsx src/cli.ts migrate | demo | export <list> [--format=csv|xlsx] | rollups [--rebuild]');
      process.exitCode = 2;
  }
} finally {
  await handle.close();
}
