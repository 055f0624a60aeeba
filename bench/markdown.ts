/** `tsx bench/markdown.ts [bench/results/latest.json]`: the summary as the Markdown tables of docs/benchmarks.md. */
import { readFileSync } from 'node:fs';

type Fig = {
  rate: number; p50: number; p99: number; cpuMsPerOk?: number; sqlMsPerOk?: number; ratio?: number; cpuRatio?: number; target?: number;
  statementsPerOk?: number; pgMsPerOk?: number; pgbenchRatio?: number; waits?: { samples: number; meanActive: number; meanIdleInTx: number; top: { wait: string; share: number }[] };
};
const file = process.argv[2] ?? new URL('./results/latest.json', import.meta.url).pathname;
const s = JSON.parse(readFileSync(file, 'utf8')) as {
  startedAt: string; mode: string; machine: { cpus: number; cpuModel: string; node: string }; settings: { durationSeconds: number; connections: number };
  baselines: Record<string, Fig>; pgbench?: { tps: number; latencyMs: number };
  tally: { dialect: string; sizes: { exceptions: number; adjacentBaselines: { bareGet: { rate: number }; rawTx: { rate: number }; pgbench?: { tps: number } }; figures: Record<string, Fig> }[] }[];
};
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const label = (x: number) => (x >= 999_000 ? `${Math.round(x / 1e5) / 10}M` : `${Math.round(x / 1000)}k`);
const NAMES: Record<string, string> = {
  register: 'registration', decide: 'decide', list: 'merchant list', listPending: 'list ?status=PENDING',
  detail: 'detail', countsMerchant: 'counts (merchant)', countsOps: 'counts (ops)',
};
console.log(`${s.mode} run ${s.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${s.machine.cpus} vCPU ${s.machine.cpuModel}, Node ${s.machine.node.slice(1)}, ${s.settings.connections} connections, ${s.settings.durationSeconds} s per figure\n`);
console.log('| baseline | req/s | p50 | p99 | cpu ms |\n|---|---:|---:|---:|---:|');
const BASE: Record<string, string> = { bareGet: 'bare Fastify GET', barePost: 'bare Fastify POST (zod, 8 fields)', sqliteTx: 'raw better-sqlite3 tx (1+2+3, WAL)', pgTx: 'raw pg tx (1+2+3)' };
for (const [k, f] of Object.entries(s.baselines)) console.log(`| ${BASE[k] ?? k} | ${n(f.rate)} | ${f.p50} | ${f.p99} | ${f.cpuMsPerOk?.toFixed(3) ?? ''} |`);
if (s.pgbench) console.log(`| pgbench TPC-B-like (tps; latency avg) | ${n(s.pgbench.tps)} | ${s.pgbench.latencyMs} avg | | |`);
for (const d of s.tally) {
  const pg = d.dialect !== 'sqlite';
  console.log(`\n${pg ? 'PostgreSQL' : 'SQLite'} — each cell: req/s · p50/p99 ms · cpu ms${pg ? '' : ' (of it in SQLite)'} · statements per answer${pg ? ' (BEGIN/COMMIT included), pg wall ms' : ''} — ratio / cpu ratio${pg ? ' · ÷pgbench tps' : ''}\n`);
  console.log(`| figure | ${d.sizes.map((z) => label(z.exceptions)).join(' | ')} |${d.dialect === 'sqlite' ? ' target |' : ''}`);
  console.log(`|---|${d.sizes.map(() => '---').join('|')}|${d.dialect === 'sqlite' ? '---|' : ''}`);
  console.log(`| *baselines around* | ${d.sizes.map((z) => `GET ${n(z.adjacentBaselines.bareGet.rate)} · tx ${n(z.adjacentBaselines.rawTx.rate)}${z.adjacentBaselines.pgbench ? ` · pgbench ${n(z.adjacentBaselines.pgbench.tps)}` : ''}`).join(' | ')} |${d.dialect === 'sqlite' ? ' |' : ''}`);
  for (const [k, name] of Object.entries(NAMES)) {
    if (!d.sizes.some((z) => z.figures[k])) continue; // not measured in this run (--only)
    const cells = d.sizes.map((z) => {
      const f = z.figures[k];
      const sql = f?.sqlMsPerOk === undefined ? '' : ` (${f.sqlMsPerOk.toFixed(2)})`;
      const st = f?.statementsPerOk === undefined ? '' : ` · ${f.statementsPerOk} st${f.pgMsPerOk === undefined ? '' : `, pg ${f.pgMsPerOk.toFixed(1)}`}`;
      const pgb = f?.pgbenchRatio === undefined ? '' : ` · ${f.pgbenchRatio.toFixed(3)}`;
      return f ? `${n(f.rate)} · ${f.p50}/${f.p99} · ${f.cpuMsPerOk?.toFixed(2)}${sql}${st} — ${f.ratio?.toFixed(2) ?? '?'} / ${f.cpuRatio?.toFixed(2) ?? '?'}${pgb}` : '';
    });
    const t = d.sizes[0].figures[k]?.target;
    console.log(`| ${name} | ${cells.join(' | ')} |${d.dialect === 'sqlite' ? ` ${t ? `≥ ${t}` : ''} |` : ''}`);
  }
  if (d.sizes.some((z) => Object.values(z.figures).some((f) => f.waits))) {
    console.log(`\nPostgreSQL waits — the Tally server's backends in a transaction, sampled every ~50 ms: top waits as shares of observations (mean active + idle in tx)\n`);
    console.log(`| figure | ${d.sizes.map((z) => label(z.exceptions)).join(' | ')} |\n|---|${d.sizes.map(() => '---').join('|')}|`);
    for (const [k, name] of Object.entries(NAMES)) {
      if (!d.sizes.some((z) => z.figures[k]?.waits)) continue;
      const cells = d.sizes.map((z) => {
        const w = z.figures[k]?.waits;
        return w ? `${w.top.slice(0, 3).map((t) => `${t.wait} ${Math.round(t.share * 100)} %`).join(' · ')} (${w.meanActive} + ${w.meanIdleInTx})` : '';
      });
      console.log(`| ${name} | ${cells.join(' | ')} |`);
    }
  }
  const lists = d.sizes.map((z) => z.figures.list).filter(Boolean);
  if (lists.length > 1) console.log(`\nList p99 ${label(d.sizes[0].exceptions)} → ${label(d.sizes[d.sizes.length - 1].exceptions)}: ${lists[0].p99} → ${lists[lists.length - 1].p99} ms = ${(lists[lists.length - 1].p99 / Math.max(1, lists[0].p99)).toFixed(2)}×; cpu ${lists[0].cpuMsPerOk} → ${lists[lists.length - 1].cpuMsPerOk} ms`);
}
