/**
 * Security and contract findings of issue 10, one test each, on both dialects:
 * nothing internal before login or to a merchant (the documentation, the web app's eager code, the
 * merchant's `subtype` parameter), LIKE wildcards taken literally, package-level registration
 * with the note's own lines, and PUT /api/settings taking what GET returned.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SUBTYPE_CODES } from '../../src/domain/catalog.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { eachDialect, type TestEnv } from '../helpers/app.js';
import { ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';
import { PREPARE, registerPrepared } from '../helpers/scenarios.js';

/** Codes that must never reach a merchant; RECEIVED_PACKAGE is also a type code. */
const HIDDEN_CODES = SUBTYPE_CODES.filter((c) => c !== 'RECEIVED_PACKAGE');

/** A code as a whole token: quoted, an object key, or a YAML list item (short codes such as SURPLUS are not matched inside words). */
function codesIn(text: string): string[] {
  return HIDDEN_CODES.filter((c) => new RegExp(`["'\`]${c}["'\`]|[{,\\s]${c}\\s*:|^\\s*-\\s+${c}\\s*$`, 'm').test(text));
}

/** Chunks a module imports statically (`import … from "./x.js"`, `import "./x.js"`), as /assets/ paths. */
const staticImports = (js: string) =>
  [...js.matchAll(/\b(?:from|import)\s*["']\.\/([\w.-]+\.js)["']/g)].map((m) => `/assets/${m[1]}`);
/** Chunks a module loads lazily (`import(\`./x.js\`)`): in the entry, the routes' pages. */
const dynamicImports = (js: string) =>
  [...js.matchAll(/\bimport\(\s*[`"']\.\/([\w.-]+\.js)[`"']\s*\)/g)].map((m) => `/assets/${m[1]}`);
/** Every chunk a module names (dynamic imports and Vite's preload lists included). */
const namedChunks = (js: string) => [...js.matchAll(/[`"'](?:\.\/|\/?assets\/)([\w.-]+\.js)[`"']/g)].map((m) => `/assets/${m[1]}`);

async function fetchText(env: TestEnv, url: string, token?: string): Promise<string> {
  const res = await env.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.statusCode, `GET ${url}`).toBe(200);
  return res.body;
}

eachDialect('security contract', (env) => {
  let w: World;
  beforeAll(async () => { w = await seedWorld(env()); });

  describe('nothing internal before login', () => {
    it('/docs/json, /docs/yaml and /api/openapi.json answer without login with the public document: no subtype code', async () => {
      const docs: Record<string, string> = {};
      for (const url of ['/docs/json', '/docs/yaml', '/api/openapi.json']) docs[url] = await fetchText(env(), url);
      const leaks = Object.entries(docs).flatMap(([url, text]) => codesIn(text).map((c) => `${c} in ${url}`));
      expect(leaks).toEqual([]);
      // the same document everywhere, and a real one (the check above is not vacuous)
      expect(JSON.parse(docs['/docs/json'])).toEqual(JSON.parse(docs['/api/openapi.json']));
      expect(docs['/docs/yaml']).toContain('/api/exceptions');
      expect(docs['/docs/json']).toContain('Internal exception subtype code');
    });

    it('the /docs page shows the public document and runs no inline script', async () => {
      const html = await fetchText(env(), '/docs/');
      // every <script> has a src; none carries code in the page itself
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/\bsrc=/);
        expect(body.trim()).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
      // the document the page shows is the one its initializer points at
      const init = await fetchText(env(), '/docs/static/swagger-initializer.js');
      const shown = [...init.matchAll(/\burl: resolveUrl\('\.\/([\w./-]+)'\)/g)].map((m) => `/docs/${m[1]}`);
      expect(shown).toEqual(['/docs/json']);
      expect(codesIn(init)).toEqual([]);
      expect(codesIn(await fetchText(env(), shown[0]))).toEqual([]);
    });

    it('the web app\'s code loaded before login, or by a merchant, names no subtype code; only warehouse/platform chunks do', async () => {
      const html = await fetchText(env(), '/');
      const entry = [...html.matchAll(/<script\b[^>]*\bsrc="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
      const preloaded = [...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
      expect(entry.length, 'index.html loads an entry chunk').toBeGreaterThan(0);
      const chunks = new Map<string, string>();
      /** Every chunk reachable from `start` through `follow`, fetched from the app (anonymously, or as `token`). */
      const closure = async (start: string[], follow: (js: string) => string[], token?: string) => {
        const seen = new Set<string>();
        const queue = [...start];
        while (queue.length) {
          const url = queue.shift()!;
          if (seen.has(url)) continue;
          seen.add(url);
          if (!chunks.has(url)) chunks.set(url, await fetchText(env(), url, token));
          queue.push(...follow(chunks.get(url)!));
        }
        return seen;
      };
      const leaksIn = (urls: Iterable<string>) => [...urls].flatMap((url) => codesIn(chunks.get(url)!).map((c) => `${c} in ${url}`));

      // before login: the entry, its modulepreloads, and whatever they import statically
      const eager = await closure([...entry, ...preloaded], staticImports);
      expect(leaksIn(eager)).toEqual([]);

      // every chunk the app can load later (the workspaces, lazily), fetched by platform staff
      const all = await closure([...eager], namedChunks, w.ops.token);
      const lazy = [...all].filter((u) => !eager.has(u));
      expect(lazy.length).toBeGreaterThan(0);
      // a merchant also loads every page the routes load lazily but the warehouse and platform
      // workspaces, with all they import (the eager code, checked above, names every lazy chunk in
      // its preload map, so it is not followed again)
      const pages = [...new Set([...eager].flatMap((u) => dynamicImports(chunks.get(u)!)))];
      const staff = pages.filter((u) => /^\/assets\/(warehouse|ops)-[\w-]+\.js$/.test(u));
      expect(staff, `the routes' lazy pages: ${pages.join(', ')}`).toHaveLength(2);
      const starts = pages.filter((u) => !staff.includes(u));
      expect(starts.some((u) => /^\/assets\/merchant-[\w-]+\.js$/.test(u)), starts.join(', ')).toBe(true);
      const merchant = await closure(starts, (js) => [...staticImports(js), ...dynamicImports(js)].filter((u) => !eager.has(u)));
      expect(leaksIn(merchant)).toEqual([]);
      // the warehouse and platform chunks do name them: the check above would see them
      const carriers = lazy.filter((u) => codesIn(chunks.get(u)!).length > 0);
      expect(carriers.length, 'some lazy chunk names subtype codes').toBeGreaterThan(0);
      expect(carriers.some((u) => merchant.has(u) || eager.has(u))).toBe(false);
      // and they are served only to warehouse and platform sessions: anyone else finds no such file
      for (const url of carriers) {
        for (const token of [undefined, w.merchantA.token]) {
          const res = await env().app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
          expect([url, res.statusCode, codesIn(res.body)]).toEqual([url, 404, []]);
        }
        expect(codesIn(await fetchText(env(), url, w.whA.token)).length, url).toBeGreaterThan(0);
      }
    });
  });

  describe('a merchant\'s subtype parameter gets one answer whatever its value', () => {
    /** Status and body bytes of each answer; one distinct entry means one answer. */
    // byte for byte but the request id, which differs by request and not by the value sent
    const distinct = (answers: { status: number; text: string }[]) =>
      [...new Set(answers.map((r) => `${r.status} ${r.text.replace(/,"requestId":"[^"]*"/, '')}`))];
    const VALUES = ['SURPLUS', 'RECEIVED_PACKAGE', 'SURPLUS,SHORTAGE', 'surplus', 'NOPE', '', ' ', 'x'.repeat(600)];

    it('GET /api/exceptions?subtype=… answers 422 FILTER_NOT_ALLOWED, the same bytes for a real code, a wrong one and an empty one', async () => {
      const m = w.merchantA;
      const answers = [
        ...await Promise.all(VALUES.map((subtype) => m.get('/api/exceptions', { subtype }))),
        ...await Promise.all(VALUES.map((subtype) => m.get('/api/exceptions', { status: 'PENDING', subtype }))),
        await m.get('/api/exceptions?subtype=SURPLUS&subtype=NOPE'),
        await m.get('/api/exceptions?subtype'),
      ];
      const one = distinct(answers);
      expect(one, one.join('\n')).toHaveLength(1);
      expect(answers[0].status).toBe(422);
      expect(answers[0].body).toMatchObject({ code: 'FILTER_NOT_ALLOWED', instance: '/api/exceptions', errors: [{ field: 'subtype' }] });
      // staff keep their filter and its validation
      expect((await w.ops.get('/api/exceptions', { subtype: 'SURPLUS' })).status).toBe(200);
      expect((await w.ops.get('/api/exceptions', { subtype: 'NOPE' })).status).toBe(400);
      expect((await w.whA.get('/api/exceptions', { subtype: 'SHORTAGE' })).status).toBe(200);
      // the counts take no filter: the same counts whatever the value
      const counts = await Promise.all([undefined, ...VALUES].map((subtype) => m.get('/api/exceptions/counts', { subtype })));
      expect(distinct(counts)).toHaveLength(1);
      expect(counts[0].status).toBe(200);
    });

    it('bodies naming subtypes (registration, policies) are refused for a merchant before they are read: one 403 whatever the value', async () => {
      const m = w.merchantA;
      const note = 'dn_0000000000000000000000';
      const registrations = await Promise.all([...VALUES, 42, null, undefined].map((subtype) => m.post('/api/exceptions', { deliveryNoteId: note, subtype })));
      expect(distinct(registrations)).toHaveLength(1);
      expect(registrations[0].status).toBe(403);
      const policy = (subtypes: unknown) => ({ name: `${w.tag} p`, applyAt: 'REGISTRATION', subtypes, plan: 'AUTO_ORDER_RECEIVE' });
      const sets = [['SURPLUS'], ['NOPE'], [], ['SURPLUS', 'SURPLUS'], 'SURPLUS'];
      const policies = [
        ...await Promise.all(sets.map((s) => m.post('/api/policies', policy(s)))),
        ...await Promise.all(sets.map((s) => m.put('/api/policies/pol_0000000000000000000000', policy(s)))),
      ];
      expect(distinct(policies.slice(0, sets.length))).toHaveLength(1);
      expect(distinct(policies.slice(sets.length))).toHaveLength(1);
      expect(policies.every((r) => r.status === 403)).toBe(true);
      // the warehouse still learns what it sent wrong
      expect((await w.whA.post('/api/exceptions', { deliveryNoteId: note, subtype: 'NOPE' })).status).toBe(400);
    });
  });

  describe('search text is taken literally', () => {
    it('% and _ (and the escape character) in a search match only rows that contain them', async () => {
      const { admin } = env();
      const merchantId = w.ids.merchantA;
      const names = { pct: '100% 棉 T 恤', under: 'snake_case 杯', slash: 'a\\b 盒', plain: '普通商品' };
      const ids: Record<string, string> = {};
      for (const [k, name] of Object.entries(names)) {
        ids[k] = ok(await admin.post('/api/admin/skus', { merchantId, code: `L-${k}-${w.tag}`, name, barcode: `LK${k}${w.tag}` }), 201).id;
      }
      const found = async (url: string, q: string) => (ok(await admin.get(url, { merchantId, q, limit: 100 })).items as any[]).map((x) => x.id).sort();
      for (const url of ['/api/admin/skus', '/api/skus']) {
        expect(await found(url, '%'), `${url} ?q=%`).toEqual([ids.pct]);
        expect(await found(url, '_'), `${url} ?q=_`).toEqual([ids.under]);
        expect(await found(url, '\\'), `${url} ?q=\\`).toEqual([ids.slash]);
        expect(await found(url, '0%'), `${url} ?q=0%`).toEqual([ids.pct]);
        expect(await found(url, '% 棉'), `${url} ?q=% 棉`).toEqual([ids.pct]);
      }
      // document numbers have no % or _: such a search finds nothing (it found everything before)
      const { exc, note } = await registerPrepared(w, 'SURPLUS');
      const m = w.merchantA;
      for (const q of ['%', '_', '%_%', '\\']) {
        expect(ok(await m.get('/api/delivery-notes', { q })).items, `notes ?q=${q}`).toEqual([]);
        expect(ok(await m.get('/api/stocking-orders', { q })).items, `orders ?q=${q}`).toEqual([]);
        expect(ok(await m.get('/api/exceptions', { deliveryNoteNo: q })).items, `exceptions ?deliveryNoteNo=${q}`).toEqual([]);
      }
      // an ordinary part of a number still finds its document
      expect(ok(await m.get('/api/delivery-notes', { q: note.no.slice(2, 8).toLowerCase() })).items.map((x: any) => x.id)).toContain(note.id);
      expect(ok(await m.get('/api/exceptions', { deliveryNoteNo: note.no.slice(-4) })).items.map((x: any) => x.id)).toContain(exc.id);
    });
  });
  describe('package-level registration with the note\'s own lines', () => {
    const PACKAGE_LEVEL = ['PLATFORM_TRANSPORT_TIMEOUT', 'SELF_TRANSPORT_TIMEOUT', 'MULTIPLE_NOTES_ON_PACKAGE', 'BOX_LABEL_UNREADABLE', 'BOX_LABEL_MISSING', 'NOTE_NOT_CONFIRMED', 'NOTE_CANCELLED'];
    const registrarOf = (subtype: string) => (subtype.endsWith('TRANSPORT_TIMEOUT') ? w.ops : w.whA);
    const sorted = (lines: { skuId: string; qty: number }[]) => lines.map(({ skuId, qty }) => ({ skuId, qty })).sort((a, b) => a.skuId.localeCompare(b.skuId));

    it('lines equal to the declared contents (any order) are accepted as if omitted; lines that differ are refused, naming each difference', async () => {
      const [s0, s1, s2] = w.ids.skusA;
      const declared = [{ skuId: s0, qty: 10 }, { skuId: s1, qty: 5 }];
      for (const subtype of PACKAGE_LEVEL) {
        const { note } = await PREPARE[subtype](w);
        const by = registrarOf(subtype);
        const before = ok(await by.get(`/api/delivery-notes/${note.id}`));
        // differing lines: refused, each SKU named with what the note declares and what was sent; nothing written
        const wrong = await by.post('/api/exceptions', { deliveryNoteId: note.id, subtype, lines: [{ skuId: s1, qty: 5 }, { skuId: s0, qty: 9 }, { skuId: s2, qty: 1 }] });
        expect(wrong.status, `${subtype}: ${wrong.text}`).toBe(422);
        expect(wrong.body.code).toBe('LINES_DIFFER_FROM_NOTE');
        expect(wrong.body.differences).toEqual([{ skuId: s0, declared: 10, sent: 9 }, { skuId: s2, declared: 0, sent: 1 }]);
        expect(wrong.body.errors.map((e: any) => e.field)).toEqual(['lines[1].qty', 'lines[2].skuId']);
        expect(wrong.body.errors[0].message).toContain(s0);
        const missing = await by.post('/api/exceptions', { deliveryNoteId: note.id, subtype, lines: [{ skuId: s0, qty: 10 }] });
        expect(missing.status).toBe(422);
        expect(missing.body.differences).toEqual([{ skuId: s1, declared: 5, sent: 0 }]);
        expect(missing.body.errors.map((e: any) => e.field)).toEqual(['lines']);
        expect(ok(await by.get('/api/exceptions', { deliveryNoteId: note.id })).items).toEqual([]);

        // the declared contents, in another order: registered as if the lines had been left out
        const exc = ok(await by.post('/api/exceptions', { deliveryNoteId: note.id, subtype, lines: [...declared].reverse() }), 201);
        expect(exc.subtype).toBe(subtype);
        expect(sorted(exc.lines)).toEqual(sorted(declared));
        expect(exc.totalQty).toBe(15);
        // the package is held unopened: no unit moved
        const after = ok(await by.get(`/api/delivery-notes/${note.id}`));
        expect(after.lines).toEqual(before.lines);
      }
    });
  });
  describe('PUT /api/settings takes the body GET /api/settings returned', () => {
    it('read-only fields (updatedAt, updatedBy, defaults) are ignored, not refused; a changed value in that body is applied', async () => {
      const { admin } = env();
      try {
        const got = ok(await admin.get('/api/settings'));
        expect(Object.keys(got)).toEqual(expect.arrayContaining(['updatedAt', 'updatedBy', 'defaults']));
        // the same body back: accepted, nothing changes
        const same = ok(await w.ops.put('/api/settings', got));
        expect({ ...same, updatedAt: null, updatedBy: null }).toEqual({ ...got, updatedAt: null, updatedBy: null });
        // one value changed, and the read-only fields tampered with: the value is applied, the rest is the server's
        const changed = ok(await w.ops.put('/api/settings', {
          ...got, jitAcceptSeconds: got.jitAcceptSeconds + 3600,
          updatedAt: '1999-01-01T00:00:00.000Z', updatedBy: 'someone-else', defaults: { ...got.defaults, jitAcceptSeconds: 60 },
        }));
        expect(changed.jitAcceptSeconds).toBe(got.jitAcceptSeconds + 3600);
        expect(changed.updatedBy).toMatch(/^ops-/);
        expect(changed.updatedAt).not.toBe('1999-01-01T00:00:00.000Z');
        expect(changed.defaults).toEqual(got.defaults);
        expect(ok(await admin.get('/api/settings')).jitAcceptSeconds).toBe(got.jitAcceptSeconds + 3600);
        // a key GET never returns is still refused
        expect((await w.ops.put('/api/settings', { ...got, nope: 1 })).status).toBe(400);
      } finally {
        ok(await admin.put('/api/settings', { ...DEFAULT_SETTINGS }));
      }
    });
  });
});
