/**
 * Migrations on PostgreSQL while other schemas come and go: the migrator must ask only about its
 * own schema (Kysely's introspector scans the whole catalog and failed with "schema … does not
 * exist" when another suite dropped its schema mid-scan — CI stop 15).
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { DIALECTS, PG_URL } from '../helpers/db.js';

const pgEnabled = DIALECTS.find((d) => d.name === 'postgres')?.enabled;
const tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

describe.runIf(pgEnabled)('migrations on PostgreSQL beside schemas being dropped', () => {
  it('migrates 20 fresh schemas while another connection creates and drops schemas in a loop', async () => {
    const churn = new pg.Client({ connectionString: PG_URL });
    const admin = new pg.Client({ connectionString: PG_URL });
    await churn.connect();
    await admin.connect();
    let stop = false;
    let churned = 0;
    // Each churned schema holds a table, so pg_class/pg_namespace rows vanish under the scan.
    const churning = (async () => {
      while (!stop) {
        const s = `t_churn_${tag}_${churned}`;
        await churn.query(`create schema ${s}; create table ${s}.t (id int)`);
        await churn.query(`drop schema ${s} cascade`);
        churned += 1;
      }
    })();
    const migrated: string[] = [];
    try {
      for (let round = 0; round < 20; round += 1) {
        const schema = `t_mig_${tag}_${round}`;
        await admin.query(`create schema ${schema}`);
        const handle = createDb({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 2 });
        try {
          const applied = await migrateToLatest(handle.db, schema);
          expect(applied.length).toBeGreaterThan(0);
          // A second run finds everything in place and applies nothing.
          expect(await migrateToLatest(handle.db, schema)).toEqual([]);
          migrated.push(schema);
        } finally {
          await handle.close();
          await admin.query(`drop schema ${schema} cascade`);
        }
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
      await admin.end();
    }
    expect(migrated).toHaveLength(20);
    expect(churned).toBeGreaterThan(0);
  }, 180_000);
});
