/**
 * Auto-decision policies (/api/policies) and merchant standing instructions: saving (with the
 * save-time plan check), a table of registration cases (match, no match, threshold edges), order
 * and enabling, the merchant's preference, deadline policies, ops overriding, and a policy whose
 * plan cannot run leaving the exception pending. Every policy is scoped to its test's own merchant.
 */
import { expect, it } from 'vitest';
import { eachDialect } from '../helpers/app.js';
import { ok, seedWorld, type World } from '../helpers/world.js';
import { actions, at, HOUR, jobsAt, registerOn, shipArrivingAt } from '../helpers/deadlines.js';
import { expectProblem } from './fixtures/problems.js';

const SHORTAGE_CHOICE = 'GOODS:CONTINUE_DELIVERY|TERMINATE_DELIVERY';

async function policy(w: World, body: Record<string, unknown>) {
  return ok(await w.ops.post('/api/policies', { applyAt: 'REGISTRATION', merchantIds: [w.ids.merchantA], ...body, name: `${w.tag} ${body.name}` }), 201);
}

eachDialect('policies', (env) => {
  it('save, list in order, update, reorder, delete; a plan the subtypes cannot take is refused at save time', async () => {
    const w = await seedWorld(env());
    const base = { name: `${w.tag} surplus`, applyAt: 'REGISTRATION', subtypes: ['SURPLUS', 'WRONG_GOODS'], merchantIds: [w.ids.merchantA], maxPercent: 10, plan: 'AUTO_ORDER_RECEIVE' };
    const a = ok(await w.ops.post('/api/policies', base), 201);
    expect(a).toMatchObject({ ...base, enabled: true, honourMerchantPreference: false, orderTypes: null, minQty: null, maxQty: null, minPercent: null, version: 1 });
    const b = ok(await w.ops.post('/api/policies', { ...base, name: `${w.tag} later`, applyAt: 'DEADLINE', plan: 'PROBLEM_GOODS_RETURN' }), 201);
    expect(b.position).toBe(a.position + 1);
    const countBefore = ok(await w.ops.get('/api/policies')).items.length;

    const refusals: [Record<string, unknown>, number, string, string][] = [
      [{ plan: 'CONTINUE_DELIVERY' }, 422, 'PLAN_NOT_ALLOWED', 'plan'],
      [{ subtypes: ['SURPLUS', 'SHORTAGE'] }, 422, 'PLAN_NOT_ALLOWED', 'plan'],
      [{ subtypes: ['QUALITY_ALL'], plan: 'DEFECTIVE_RETURN' }, 422, 'PLAN_NOT_ALLOWED', 'plan'],
      [{ plan: null }, 422, 'PLAN_REQUIRED', 'plan'],
      [{ name: a.name }, 422, 'POLICY_NAME_TAKEN', 'name'],
      [{ merchantIds: ['mer_nope'] }, 422, 'UNKNOWN_MERCHANT', 'merchantIds[0]'],
      [{ subtypes: [] }, 400, 'VALIDATION_FAILED', 'subtypes'],
      [{ subtypes: ['NOPE'] }, 400, 'VALIDATION_FAILED', 'subtypes[0]'],
      [{ subtypes: ['SURPLUS', 'SURPLUS'] }, 400, 'VALIDATION_FAILED', 'subtypes'],
      [{ minQty: 5, maxQty: 4 }, 400, 'VALIDATION_FAILED', 'maxQty'],
      [{ minPercent: 20 }, 400, 'VALIDATION_FAILED', 'maxPercent'],
      [{ maxPercent: 10.001 }, 400, 'VALIDATION_FAILED', 'maxPercent'],
      [{ maxQty: -1 }, 400, 'VALIDATION_FAILED', 'maxQty'],
      [{ applyAt: 'LATER' }, 400, 'VALIDATION_FAILED', 'applyAt'],
      [{ orderTypes: ['SECOND'] }, 400, 'VALIDATION_FAILED', 'orderTypes[0]'],
      [{ extra: 1 }, 400, 'VALIDATION_FAILED', 'extra'],
      [{ name: '' }, 400, 'VALIDATION_FAILED', 'name'],
    ];
    for (const [change, status, code, field] of refusals) {
      const name = 'name' in change ? change.name : `${w.tag} refused`;
      expectProblem(await w.ops.post('/api/policies', { ...base, ...change, name }), status, code, field);
    }
    expect(ok(await w.ops.get('/api/policies')).items).toHaveLength(countBefore);

    const updated = ok(await w.ops.put(`/api/policies/${a.id}`, { ...base, maxPercent: 15, orderTypes: ['REPEAT'], version: 1 }));
    expect(updated).toMatchObject({ maxPercent: 15, orderTypes: ['REPEAT'], version: 2, position: a.position });
    expectProblem(await w.ops.put(`/api/policies/${a.id}`, { ...base, version: 1 }), 409, 'VERSION_CONFLICT');
    expectProblem(await w.ops.put(`/api/policies/${a.id}`, { ...base, plan: 'CONTINUE_DELIVERY' }), 422, 'PLAN_NOT_ALLOWED', 'plan');
    expectProblem(await w.ops.put(`/api/policies/${a.id}`, { ...base, name: b.name }), 422, 'POLICY_NAME_TAKEN', 'name');
    expectProblem(await w.ops.put('/api/policies/pol_nope', base), 404, 'NOT_FOUND');
    expect(ok(await w.ops.get(`/api/policies/${a.id}`)).maxPercent).toBe(15);

    const ids: string[] = ok(await w.ops.get('/api/policies')).items.map((p: any) => p.id);
    const moved = [b.id, ...ids.filter((id) => id !== b.id)];
    const reordered = ok(await w.ops.post('/api/policies/reorder', { ids: moved }));
    expect(reordered.items.map((p: any) => p.id)).toEqual(moved);
    expect(ok(await w.ops.get('/api/policies', { applyAt: 'DEADLINE' })).items.map((p: any) => p.id)).toContain(b.id);
    expectProblem(await w.ops.post('/api/policies/reorder', { ids: moved.slice(1) }), 422, 'REORDER_INCOMPLETE', 'ids');
    expectProblem(await w.ops.post('/api/policies/reorder', { ids: ['pol_nope', ...moved] }), 422, 'UNKNOWN_POLICY', 'ids[0]');
    expect(actions(ok(await w.ops.get(`/api/policies/${b.id}`)))).toEqual(['CREATED', 'MOVED']);

    for (const c of [w.merchantA, w.whA]) expect((await c.get('/api/policies')).status).toBe(403);
    expect((await env().admin.get('/api/policies')).status).toBe(200);
    expect((await env().admin.post('/api/policies', { ...base, name: `${w.tag} admin` })).status).toBe(403);
    expect((await w.merchantA.del(`/api/policies/${a.id}`)).status).toBe(403);

    expectProblem(await w.ops.del(`/api/policies/${a.id}?version=1`), 409, 'VERSION_CONFLICT');
    expect((await w.ops.del(`/api/policies/${a.id}`)).status).toBe(204);
    expect((await w.ops.del(`/api/policies/${b.id}`)).status).toBe(204);
    expect((await w.ops.get(`/api/policies/${a.id}`)).status).toBe(404);
  });

  it('a table of registration cases: match, no match, threshold edges', async () => {
    const w = await seedWorld(env());
    const p1 = await policy(w, { name: 'SURPLUS on REPEAT ≤ 10 %', subtypes: ['SURPLUS'], orderTypes: ['REPEAT'], maxPercent: 10, plan: 'AUTO_ORDER_RECEIVE' });
    const p2 = await policy(w, { name: 'barcode 2–3 units', subtypes: ['BARCODE_DAMAGED'], minQty: 2, maxQty: 3, plan: 'PROBLEM_GOODS_RETURN' });
    await policy(w, { name: 'wrong barcode of merchant B', subtypes: ['BARCODE_WRONG'], merchantIds: [w.ids.merchantB], plan: 'PROBLEM_GOODS_RETURN' });
    const p4 = await policy(w, { name: 'damaged ≥ 50 %', subtypes: ['DAMAGED_DIRTY'], minPercent: 50, plan: 'PROBLEM_GOODS_REPAIR' });
    await policy(w, { name: 'disabled bloated', subtypes: ['BLOATED'], enabled: false, plan: 'PROBLEM_GOODS_REPAIR' });

    const cases: [string, string, number, { declared?: number; type?: string }, any, string | null][] = [
      ['exactly 10 %', 'SURPLUS', 1, {}, p1, 'AUTO_ORDER_RECEIVE'],
      ['10 % of 20', 'SURPLUS', 2, { declared: 20 }, p1, 'AUTO_ORDER_RECEIVE'],
      ['15 % is over', 'SURPLUS', 3, { declared: 20 }, null, null],
      ['another order type', 'SURPLUS', 1, { type: 'FIRST' }, null, null],
      ['below minQty', 'BARCODE_DAMAGED', 1, {}, null, null],
      ['at minQty', 'BARCODE_DAMAGED', 2, {}, p2, 'PROBLEM_GOODS_RETURN'],
      ['at maxQty', 'BARCODE_DAMAGED', 3, {}, p2, 'PROBLEM_GOODS_RETURN'],
      ['above maxQty', 'BARCODE_DAMAGED', 4, {}, null, null],
      ['another merchant', 'BARCODE_WRONG', 1, {}, null, null],
      ['exactly 50 %', 'DAMAGED_DIRTY', 5, {}, p4, 'PROBLEM_GOODS_REPAIR'],
      ['below 50 %', 'DAMAGED_DIRTY', 4, {}, null, null],
      ['disabled', 'BLOATED', 2, {}, null, null],
      ['no policy for the subtype', 'SHORTAGE', 2, {}, null, null],
    ];
    for (const [name, subtype, qty, opts, by, plan] of cases) {
      const exc = await registerOn(w, subtype, qty, opts);
      if (!plan) {
        expect(exc, name).toMatchObject({ status: 'PENDING', plan: null, decidedBy: null });
        continue;
      }
      expect(exc, name).toMatchObject({ plan, decidedBy: `policy:${by.name}`, decidedByPolicyId: by.id });
      expect(['PROCESSING', 'COMPLETED'], name).toContain(exc.status);
      const d = ok(await w.ops.get(`/api/exceptions/${exc.id}`));
      expect(d.events.map((e: any) => e.action).slice(0, 2), name).toEqual(['REGISTERED', 'DECIDED']);
      expect(d.events[1], name).toMatchObject({ actor: { role: 'SYSTEM' }, data: { plan, policy: { id: by.id, name: by.name }, decidedBy: `policy:${by.name}` } });
    }
  });

  it('policies are tried in order; disabling one, and the merchant\'s standing instruction, change the plan — never shown to the merchant', async () => {
    const w = await seedWorld(env());
    const small = await policy(w, { name: 'small surplus → receive', subtypes: ['SURPLUS'], maxPercent: 10, plan: 'AUTO_ORDER_RECEIVE' });
    const any = await policy(w, { name: 'any surplus → return', subtypes: ['SURPLUS'], plan: 'PROBLEM_GOODS_RETURN' });
    expect((await registerOn(w, 'SURPLUS', 1)).plan).toBe('AUTO_ORDER_RECEIVE');
    expect((await registerOn(w, 'SURPLUS', 2)).plan).toBe('PROBLEM_GOODS_RETURN');
    const ids: string[] = ok(await w.ops.get('/api/policies')).items.map((p: any) => p.id);
    const reordered = ok(await w.ops.post('/api/policies/reorder', { ids: [any.id, ...ids.filter((id) => id !== any.id)] }));
    expect((await registerOn(w, 'SURPLUS', 1)).plan).toBe('PROBLEM_GOODS_RETURN');
    // moving a policy is a change: its version went up
    const { id: _id, position: _pos, createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, version, ...fields } = reordered.items[0];
    expect(version).toBe(any.version + 1);
    ok(await w.ops.put(`/api/policies/${any.id}`, { ...fields, enabled: false, version }));
    expect((await registerOn(w, 'SURPLUS', 1)).decidedBy).toBe(`policy:${small.name}`);
    expect((await registerOn(w, 'SURPLUS', 2)).status).toBe('PENDING');

    // a policy that honours the merchant: its own plan until the merchant states a preference
    const prefers = await policy(w, { name: 'SHORTAGE as the merchant prefers', subtypes: ['SHORTAGE'], honourMerchantPreference: true, plan: 'TERMINATE_DELIVERY' });
    expect((await registerOn(w, 'SHORTAGE', 2)).plan).toBe('TERMINATE_DELIVERY');
    ok(await w.merchantA.put('/api/standing-instructions', { instructions: [{ choice: SHORTAGE_CHOICE, plan: 'CONTINUE_DELIVERY' }] }));
    const exc = await registerOn(w, 'SHORTAGE', 2);
    expect(exc).toMatchObject({ plan: 'CONTINUE_DELIVERY', status: 'PROCESSING', decidedBy: `policy:${prefers.name}` });
    const internal = ok(await w.ops.get(`/api/exceptions/${exc.id}`));
    expect(internal.events.find((e: any) => e.action === 'DECIDED').data).toMatchObject({ merchantPreference: true, policy: { name: prefers.name } });
    const seen = await w.merchantA.get(`/api/exceptions/${exc.id}`);
    expect(seen.body).toMatchObject({ plan: 'CONTINUE_DELIVERY', decidedBy: 'policy' });
    expect(seen.text).not.toContain(prefers.name);
    expect(seen.text).not.toContain('SHORTAGE');
    expect(seen.text).not.toContain(prefers.id);
    const list = await w.merchantA.get('/api/exceptions', { status: 'PROCESSING' });
    expect(list.text).not.toContain(prefers.name);
  });

  it('deadline policies decide at decision_due_at unless ops decided first; a plan that cannot run leaves the exception pending', async () => {
    const e = env();
    const w = await seedWorld(e);
    const late = await policy(w, { name: 'bloated at the deadline', applyAt: 'DEADLINE', subtypes: ['BLOATED'], plan: 'IN_WAREHOUSE_RECEIVE' });
    const auto = await registerOn(w, 'BLOATED', 2);
    const manual = await registerOn(w, 'BLOATED', 2);
    const broken = await registerOn(w, 'BLOATED', 2);
    expect([auto.status, manual.status, broken.status]).toEqual(['PENDING', 'PENDING', 'PENDING']);
    ok(await w.ops.post(`/api/exceptions/${manual.id}/decide`, { plan: 'PROBLEM_GOODS_REPAIR', version: manual.version }));
    // the held units of `broken` vanish from hold behind the engine's back: its plan cannot run
    const db = e.db.handle.db;
    const line = await db.selectFrom('deliveryNoteLines').selectAll().where('deliveryNoteId', '=', broken.deliveryNoteId).executeTakeFirstOrThrow();
    await db.updateTable('deliveryNoteLines').set({ onHold: line.onHold - 2, inProcess: line.inProcess + 2 }).where('id', '=', line.id).execute();

    const due = auto.decisionDueAt;
    await jobsAt(e, at(due, -1));
    expect(ok(await w.ops.get(`/api/exceptions/${auto.id}`)).status).toBe('PENDING');
    await jobsAt(e, due);
    await jobsAt(e, at(due, HOUR));

    const decided = ok(await w.ops.get(`/api/exceptions/${auto.id}`));
    expect(decided).toMatchObject({ plan: 'IN_WAREHOUSE_RECEIVE', status: 'COMPLETED', decidedBy: `policy:${late.name}`, decidedAt: due });
    expect(actions(decided).filter((a) => ['DECISION_OVERDUE', 'DECIDED'].includes(a))).toEqual(['DECISION_OVERDUE', 'DECIDED']);
    expect(decided.documents.deliveryNotes).toHaveLength(1);
    expect(ok(await w.ops.get(`/api/exceptions/${manual.id}`))).toMatchObject({ plan: 'PROBLEM_GOODS_REPAIR', decidedBy: expect.stringMatching(/^ops-/) });

    const failed = ok(await w.ops.get(`/api/exceptions/${broken.id}`));
    expect(failed).toMatchObject({ status: 'PENDING', plan: null, overdueFlaggedAt: due, version: broken.version });
    expect(actions(failed).filter((a) => a === 'POLICY_FAILED')).toHaveLength(1);
    expect(failed.events.find((x: any) => x.action === 'POLICY_FAILED').data).toMatchObject({ policy: { name: late.name }, code: 'LEDGER_INVARIANT' });
    expect(failed.documents.deliveryNotes).toEqual([]);
    const after = await db.selectFrom('deliveryNoteLines').selectAll().where('id', '=', line.id).executeTakeFirstOrThrow();
    expect([after.onHold, after.inProcess, after.transferred]).toEqual([line.onHold - 2, line.inProcess + 2, line.transferred]);
    expect(actions(ok(await w.merchantA.get(`/api/exceptions/${broken.id}`)))).not.toContain('POLICY_FAILED');
  });

  it('a registration policy also decides what the system registers (transport timeout)', async () => {
    const e = env();
    const w = await seedWorld(e);
    const p = await policy(w, { name: 'timeouts → continue', subtypes: ['PLATFORM_TRANSPORT_TIMEOUT', 'SELF_TRANSPORT_TIMEOUT'], plan: 'CONTINUE_DELIVERY' });
    const eta = at(e.clock.now().toISOString(), HOUR);
    const { note } = await shipArrivingAt(w, eta);
    await jobsAt(e, at(eta, 72 * HOUR));
    const [exc] = ok(await w.ops.get('/api/exceptions', { deliveryNoteId: note.id })).items;
    expect(exc).toMatchObject({ registeredBy: 'system', plan: 'CONTINUE_DELIVERY', status: 'PROCESSING', decidedBy: `policy:${p.name}` });
    expect(ok(await w.ops.get(`/api/delivery-notes/${note.id}`)).status).toBe('VOIDED');
  });

  it('standing instructions: choices named by type and plans, set and cleared by the merchant, read by ops', async () => {
    const w = await seedWorld(env());
    const mine = await w.merchantA.get('/api/standing-instructions');
    expect(mine.status).toBe(200);
    expect(mine.body.merchantId).toBe(w.ids.merchantA);
    expect(mine.body.choices.length).toBeGreaterThanOrEqual(8);
    expect(mine.body.choices.every((c: any) => c.preferredPlan === null && c.plans.length === 2)).toBe(true);
    expect(mine.text).not.toMatch(/subtype|SURPLUS|SHORTAGE|BOX_LABEL|TRANSPORT_TIMEOUT/i);
    const surplus = mine.body.choices.find((c: any) => c.choice === 'GOODS:AUTO_ORDER_RECEIVE|PROBLEM_GOODS_RETURN');
    expect(surplus).toMatchObject({ type: 'GOODS', typeLabel: { 'zh-CN': '商品异常' }, plans: [{ code: 'AUTO_ORDER_RECEIVE', label: { 'zh-CN': '自动建单补收' } }, { code: 'PROBLEM_GOODS_RETURN' }] });

    const set = ok(await w.merchantA.put('/api/standing-instructions', { instructions: [
      { choice: surplus.choice, plan: 'PROBLEM_GOODS_RETURN' }, { choice: SHORTAGE_CHOICE, plan: 'CONTINUE_DELIVERY' },
    ] }));
    expect(set.choices.filter((c: any) => c.preferredPlan).map((c: any) => [c.choice, c.preferredPlan]))
      .toEqual(expect.arrayContaining([[surplus.choice, 'PROBLEM_GOODS_RETURN'], [SHORTAGE_CHOICE, 'CONTINUE_DELIVERY']]));
    const cleared = ok(await w.merchantA.put('/api/standing-instructions', { instructions: [{ choice: SHORTAGE_CHOICE, plan: null }] }));
    expect(cleared.choices.filter((c: any) => c.preferredPlan).map((c: any) => c.choice)).toEqual([surplus.choice]);

    expectProblem(await w.merchantA.put('/api/standing-instructions', { instructions: [{ choice: surplus.choice, plan: 'CONTINUE_DELIVERY' }] }), 422, 'PLAN_NOT_OFFERED', 'instructions[0].plan');
    expectProblem(await w.merchantA.put('/api/standing-instructions', { instructions: [{ choice: 'GOODS:NOPE', plan: 'CONTINUE_DELIVERY' }] }), 400, 'VALIDATION_FAILED', 'instructions[0].choice');
    expectProblem(await w.merchantA.put('/api/standing-instructions', { instructions: [{ choice: surplus.choice, plan: null }, { choice: surplus.choice, plan: null }] }), 400, 'VALIDATION_FAILED', 'instructions[1].choice');
    expectProblem(await w.merchantA.put('/api/standing-instructions', { instructions: [] }), 400, 'VALIDATION_FAILED', 'instructions');

    const byOps = ok(await w.ops.get('/api/standing-instructions', { merchantId: w.ids.merchantA }));
    expect(byOps.choices.find((c: any) => c.choice === surplus.choice).preferredPlan).toBe('PROBLEM_GOODS_RETURN');
    expect(ok(await w.ops.get('/api/standing-instructions', { merchantId: w.ids.merchantB })).choices.every((c: any) => c.preferredPlan === null)).toBe(true);
    expectProblem(await w.ops.get('/api/standing-instructions'), 422, 'MERCHANT_REQUIRED', 'merchantId');
    expectProblem(await w.ops.get('/api/standing-instructions', { merchantId: 'mer_nope' }), 404, 'NOT_FOUND');
    expectProblem(await w.merchantB.get('/api/standing-instructions', { merchantId: w.ids.merchantA }), 404, 'NOT_FOUND');
    expect((await w.ops.put('/api/standing-instructions', { instructions: [{ choice: surplus.choice, plan: null }] })).status).toBe(403);
    expect((await w.whA.get('/api/standing-instructions')).status).toBe(403);
  });
});
