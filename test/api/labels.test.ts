/** Box labels (箱唛): GET /api/delivery-notes/:id/labels.pdf — one 100×100 mm page per box. */
import { expect, it } from 'vitest';
import { eachDialect, type Client, type TestEnv } from '../helpers/app.js';
import { ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';
import { pageObjects, pdfText } from '../helpers/pdf.js';

const pdfOf = (c: Client, noteId: string) => c.get(`/api/delivery-notes/${noteId}/labels.pdf`);

/** The labels as bytes (the client helper keeps bodies as strings). */
async function bytes(env: TestEnv, c: Client, noteId: string) {
  const res = await env.app.inject({ method: 'GET', url: `/api/delivery-notes/${noteId}/labels.pdf`, headers: { authorization: `Bearer ${c.token}` } });
  return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
}

eachDialect('box labels PDF', (get) => {
  let w: World;
  let note: any;

  it('the merchant gets one 100×100 mm page per box with the note, box codes, names and contents as text', async () => {
    w = await seedWorld(get());
    ({ note } = await orderAndShip(w));
    const res = await bytes(get(), w.merchantA, note.id);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${note.no}-labels.pdf"`);
    const pdf = res.body;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(note.boxes).toHaveLength(2);
    expect(pageObjects(pdf)).toBe(2);
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/MediaBox \[0 0 283\.46\d* 283\.46\d*\]/); // 100 mm = 283.46 pt
    expect(raw).toMatch(/\/FontFile2/); // the CJK font is embedded (subset), not referenced
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
    console.info(`labels.pdf of a 2-box note: ${pdf.length} bytes [${get().dialect}]`);
    expect(pdf.length).toBeLessThan(200_000);

    const pages = await pdfText(pdf);
    expect(pages).toHaveLength(2);
    const detail = ok(await w.merchantA.get(`/api/delivery-notes/${note.id}`));
    detail.boxes.forEach((box: any, i: number) => {
      const text = pages[i];
      expect(text).toContain(note.no);
      expect(text).toContain(box.labelCode);
      expect(text).toContain(`箱 ${i + 1}/2`);
      expect(text).toContain(`商家A ${w.tag}`);
      expect(text).toContain(`仓A ${w.tag} (WA-${w.tag})`);
      for (const c of box.contents) {
        expect(text).toContain(c.skuCode);
        expect(text).toContain(c.skuName);
        expect(text).toContain(String(c.qty));
      }
      expect(text).toContain('预计到货');
    });
  });

  it('the warehouse reprints the labels of a new note (补打箱唛), and ops may too', async () => {
    const { note: fresh } = await orderAndShip(w, { confirm: false });
    expect(fresh.status).toBe('CREATED');
    for (const c of [w.whA, w.ops]) {
      const res = await bytes(get(), c, fresh.id);
      expect(res.status).toBe(200);
      expect(pageObjects(res.body)).toBe(2);
      expect((await pdfText(res.body)).join('\n')).toContain(fresh.no);
    }
  });

  it("another tenant's note answers 404 problem+json; no token answers 401", async () => {
    for (const c of [w.merchantB, w.whB]) {
      const res = await pdfOf(c, note.id);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBeTruthy();
      expect(res.text).not.toContain(note.no);
    }
    expect((await pdfOf(w.merchantA, 'dn_does_not_exist')).status).toBe(404);
    expect((await pdfOf(get().anon, note.id)).status).toBe(401);
  });

  it('a 9-box note renders 9 pages, each with its own box code', async () => {
    const e = get();
    const order = ok(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'REPEAT',
      lines: w.ids.skusA.map((skuId) => ({ skuId, qty: 9, unitPrice: 100 })),
    }), 201);
    ok(await w.merchantA.post(`/api/stocking-orders/${order.id}/accept`, {}));
    const nine = ok(await w.merchantA.post('/api/delivery-notes', {
      stockingOrderId: order.id, logistics: 'SELF', expectedArrivalAt: new Date(Date.now() + 86400e3).toISOString(),
      boxes: Array.from({ length: 9 }, () => ({ lines: w.ids.skusA.map((skuId) => ({ skuId, qty: 1 })) })),
    }), 201);
    expect(nine.boxes).toHaveLength(9);
    const res = await bytes(e, w.merchantA, nine.id);
    expect(res.status).toBe(200);
    expect(pageObjects(res.body)).toBe(9);
    const pages = await pdfText(res.body);
    expect(pages).toHaveLength(9);
    nine.boxes.forEach((box: any, i: number) => {
      expect(pages[i]).toContain(box.labelCode);
      expect(pages[i]).toContain(`箱 ${i + 1}/9`);
    });
  });
});
