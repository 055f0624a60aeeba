/**
 * The other scan-first steps on a handheld (issue 11): 到货, 退货作业 and 补收 each take the shared
 * scan field, typed as a keyboard-wedge scanner types (`keyboard.type(code + '\n', { delay: 5 })`).
 * A scan on each page leads to its result, read back through the API; unknown codes are refused;
 * the field has the keyboard when the page opens and again after a drawer closes or a step is done;
 * no page is wider than the handheld, no console error. The same pages at 1440×900 for the desktop.
 * Screenshots: test-results/scan-{arrival,returns,new-notes}-{360,1440}.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestEnv } from '../helpers/app.js';
import { arrive, ok, orderAndShip, seedWorld, surplusReturn, type World } from '../helpers/world.js';
import { describeBrowser, launch, loginAs, openPage, settled, shot, startServer, track, type Server, type Watched } from './harness.js';

const PASSWORD = 'scanner-e2e-1234';

type Handheld = Watched;

/** A handheld's context (touch, device scale 2) or, at 1440×900, a desktop's: console errors and failed requests collected. */
async function handheld(browser: Browser, viewport = { width: 360, height: 740 }): Promise<Handheld> {
  const mobile = viewport.width < 768;
  const s = await openPage(browser, { device: { viewport, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: mobile ? 2 : 1, locale: 'zh-CN', reducedMotion: 'reduce' } });
  track(s.page);
  return s;
}

const scan = (page: Page, code: string) => page.keyboard.type(`${code}\n`, { delay: 5 });
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
const outcome = (page: Page) => page.getByTestId('scan-state').getAttribute('data-outcome');
const stateText = (page: Page) => page.getByTestId('scan-state').innerText();
const width = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
/** The browser logs a 4xx answer the page expected (a refusal, an unknown code) as a console error: only that one is forgiven. */
const forgive = (h: Handheld, status: number) => {
  const rest = h.problems.filter((p) => !p.includes(`status of ${status}`));
  h.problems.splice(0, h.problems.length, ...rest);
};

describeBrowser('scan-first 到货, 退货作业 and 补收 on a handheld', () => {
  let server: Server;
  let browser: Browser;
  let w: World;
  let clerk: string;
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    w = await seedWorld(server as unknown as TestEnv);
    clerk = `scan-other-${w.tag}`;
    ok(await server.admin.post('/api/admin/users', { username: clerk, password: PASSWORD, role: 'WAREHOUSE', warehouseId: w.ids.warehouseA }), 201);
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  const noteStatus = async (id: string) => ok(await w.whA.get(`/api/delivery-notes/${id}`)).status as string;
  const returnStatus = async (id: string) => ok(await w.whA.get(`/api/return-orders/${id}`)).status as string;
  const open = async (h: Handheld, path: string, field: string) => {
    await settled(h.page); // leaving the page aborts none of its requests
    await h.page.goto(`${server.url}${path}`);
    await expect.poll(() => focused(h.page)).toBe(field); // the page opens with the scan field ready
  };

  it('到货: a box-label scan arrives the note, its other box only checks; an unconfirmed note names its exception, one tap to register; unknown codes are refused', { timeout: 150_000 }, async () => {
    const { note } = await orderAndShip(w);
    const { note: unconfirmed } = await orderAndShip(w, { confirm: false });
    const h = await handheld(browser);
    await loginAs(h.page, server.url, clerk, PASSWORD);
    await open(h, '/warehouse/arrival', 'arrival-scan');

    await scan(h.page, note.boxes[0].labelCode);
    await expect.poll(() => noteStatus(note.id)).toBe('ARRIVED');
    await expect.poll(() => outcome(h.page)).toBe('booked');
    await expect.poll(() => h.page.getByTestId('arrival-note').getAttribute('data-status')).toBe('ARRIVED');
    const arrivedAt = ok(await w.whA.get(`/api/delivery-notes/${note.id}`)).arrivedAt;
    // the next step is one tap away, at the bottom; the field keeps the keyboard
    await h.page.getByTestId('bottom-bar').getByTestId('arrival-to-receiving').waitFor();
    expect(await focused(h.page)).toBe('arrival-scan');
    await settled(h.page);
    await shot(h.page, 'scan-arrival-360');

    // the note's other box: already here, nothing arrives twice
    await scan(h.page, note.boxes[1].labelCode);
    await expect.poll(() => outcome(h.page)).toBe('attention');
    await expect.poll(() => stateText(h.page)).toContain('已到货');
    expect(ok(await w.whA.get(`/api/delivery-notes/${note.id}`)).arrivedAt).toBe(arrivedAt);

    // never confirmed by the merchant: tried at once, the 409 names the exception
    const refused = h.page.waitForResponse((r) => r.url().endsWith(`/api/delivery-notes/${unconfirmed.id}/arrive`));
    await scan(h.page, unconfirmed.no);
    expect((await refused).status()).toBe(409);
    await expect.poll(() => h.page.getByTestId('arrival-refusal').innerText()).toContain('送货单未确认送货');
    await expect.poll(() => outcome(h.page)).toBe('attention');
    await settled(h.page);
    await shot(h.page, 'scan-arrival-refusal-360');
    await h.page.getByTestId('bottom-bar').getByTestId('register-refusal').click(); // the main action on a handheld
    await expect.poll(() => h.page.getByTestId('register-subtype').innerText()).toContain('送货单未确认送货');
    const registered = h.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/exceptions' && r.request().method() === 'POST');
    await h.page.getByTestId('register-submit').click();
    expect((await registered).status()).toBe(201);
    await h.page.getByTestId('arrival-registered').waitFor();
    // the drawer has closed: the field has the keyboard again
    await expect.poll(() => focused(h.page)).toBe('arrival-scan');
    expect((ok(await w.whA.get('/api/exceptions', { deliveryNoteId: unconfirmed.id })).items as { subtype: string }[]).map((e) => e.subtype)).toEqual(['NOTE_NOT_CONFIRMED']);
    expect(await noteStatus(unconfirmed.id)).toBe('CREATED');

    // a note number no note has: refused, and said so
    const lookup = h.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/delivery-notes/lookup');
    await scan(h.page, 'DN20991231999999');
    expect((await lookup).status()).toBe(404);
    await expect.poll(() => outcome(h.page)).toBe('refused');
    await h.page.getByTestId('arrival-not-found').waitFor();
    // a SKU barcode is no note: refused before any request
    await scan(h.page, '6901234567890');
    await expect.poll(() => stateText(h.page)).toContain('不是送货单号或箱唛码');
    expect(await outcome(h.page)).toBe('refused');
    expect(await width(h.page)).toBeLessThanOrEqual(360);
    await settled(h.page);
    forgive(h, 409); // the refused arrival
    forgive(h, 404); // the unknown note number
    expect(h.problems).toEqual([]);
    await h.context.close();
  });

  it('退货作业: a return no. opens 已自提 one tap away; a note no. opens its return\'s shipping form, the scanned waybill ships it; an unknown return is refused', { timeout: 150_000 }, async () => {
    const address = ok(await w.merchantA.post('/api/addresses', { name: '李四', phone: '13900139000', region: '浙江省 杭州市', detail: '文一西路 100 号', isDefault: true }), 201);
    const toPick = await surplusReturn(w);
    const toShip = await surplusReturn(w);
    ok(await w.merchantA.post(`/api/return-orders/${toPick.id}/method`, { method: 'MERCHANT_PICKUP', pickupAt: new Date(Date.now() + 86400e3).toISOString() }));
    ok(await w.merchantA.post(`/api/return-orders/${toShip.id}/method`, { method: 'PLATFORM_LOGISTICS', addressId: address.id }));
    const h = await handheld(browser);
    await loginAs(h.page, server.url, clerk, PASSWORD);
    await open(h, '/warehouse/returns', 'scan-field');

    await scan(h.page, toPick.no);
    await expect.poll(() => h.page.getByTestId('scanned-return').getAttribute('data-status')).toBe('AWAITING_PICKUP');
    expect(await outcome(h.page)).toBe('booked');
    await expect.poll(() => new URL(h.page.url()).searchParams.get('tab')).toBe('AWAITING_PICKUP'); // the list shows it too
    await settled(h.page);
    await shot(h.page, 'scan-returns-360');
    expect(await width(h.page)).toBeLessThanOrEqual(360);
    await h.page.getByTestId('bottom-bar').getByTestId('scanned-picked-up').click();
    await expect.poll(() => returnStatus(toPick.id)).toBe('PICKED_UP');
    await expect.poll(() => h.page.getByTestId('scanned-return').count()).toBe(0);
    await expect.poll(() => focused(h.page)).toBe('scan-field'); // the tapped button is gone: the field takes the keyboard

    // the note no. of the goods: its return, awaiting shipment, opens on its shipping form
    await scan(h.page, toShip.note.no);
    await h.page.getByTestId('ship-carrier').waitFor();
    await expect.poll(() => focused(h.page)).toBe('ship-carrier');
    expect(await outcome(h.page)).toBe('booked');
    await h.page.keyboard.type('中通快递'); // the carrier by hand, once per batch (remembered for the next)
    await h.page.getByTestId('ship-tracking').click();
    await scan(h.page, 'ZT998877'); // the waybill's barcode, and the scanner's Enter ships it
    await expect.poll(() => returnStatus(toShip.id)).toBe('SHIPPED');
    expect(ok(await w.whA.get(`/api/return-orders/${toShip.id}`))).toMatchObject({ carrier: '中通快递', trackingNo: 'ZT998877' });
    await expect.poll(() => h.page.getByTestId('ship-carrier').count()).toBe(0);
    await expect.poll(() => focused(h.page)).toBe('scan-field'); // the modal has closed

    // scanned again, it is done: nothing to do, said so
    await scan(h.page, toShip.no);
    await expect.poll(() => h.page.getByTestId('scanned-return').getAttribute('data-status')).toBe('SHIPPED');
    expect(await outcome(h.page)).toBe('attention');
    // a return number no return has, and a code that is no number at all: refused
    await scan(h.page, 'RO20991231999999');
    await expect.poll(() => stateText(h.page)).toContain('RO20991231999999');
    expect(await outcome(h.page)).toBe('refused');
    await scan(h.page, 'HELLO-1');
    await expect.poll(() => stateText(h.page)).toContain('不是退货单号');
    expect(await outcome(h.page)).toBe('refused');
    expect(await width(h.page)).toBeLessThanOrEqual(360);
    await settled(h.page);
    expect(h.problems).toEqual([]);
    await h.context.close();
  });

  it('补收: a new box label opens the new note in 收货, where a SKU scan books one unit; the original note names its new note; a note no plan made is refused', { timeout: 150_000 }, async () => {
    const { note: old } = await orderAndShip(w);
    await arrive(w, old.id);
    const exc = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: old.id, subtype: 'BOX_LABEL_MISSING' }), 201);
    const decided = ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'IN_WAREHOUSE_RECEIVE', version: exc.version }));
    const fresh = ok(await w.whA.get(`/api/delivery-notes/${decided.documents.deliveryNotes[0].id}`));
    const { note: plain } = await orderAndShip(w);
    await arrive(w, plain.id);
    const h = await handheld(browser);
    await loginAs(h.page, server.url, clerk, PASSWORD);
    await open(h, '/warehouse/new-notes', 'scan-field');
    await h.page.getByTestId(`reprint-${fresh.no}`).waitFor();

    await scan(h.page, old.no);
    await expect.poll(() => stateText(h.page)).toContain(fresh.no);
    expect(await outcome(h.page)).toBe('attention');
    await scan(h.page, plain.no);
    await expect.poll(() => stateText(h.page)).toContain('不是补收单');
    expect(await outcome(h.page)).toBe('refused');
    await scan(h.page, 'XYZ');
    await expect.poll(() => stateText(h.page)).toContain('XYZ');
    expect(await outcome(h.page)).toBe('refused');
    expect(await width(h.page)).toBeLessThanOrEqual(360);
    await settled(h.page);
    await shot(h.page, 'scan-new-notes-360');

    await scan(h.page, fresh.boxes[0].labelCode);
    await expect.poll(() => h.page.url()).toContain(`/warehouse/receiving?note=${fresh.id}`);
    await expect.poll(() => h.page.getByTestId('scan-receive').count()).toBe(1);
    await expect.poll(() => focused(h.page)).toBe('scan-field');
    const line = fresh.lines[0] as { barcode: string; received: number };
    await scan(h.page, line.barcode);
    await expect.poll(async () => ok(await w.whA.get(`/api/delivery-notes/${fresh.id}`)).lines[0].received).toBe(line.received + 1);
    await settled(h.page);
    expect(h.problems).toEqual([]);
    await h.context.close();
  });

  it('1440×900: the three pages scan the same way and keep their desktop layout', { timeout: 150_000 }, async () => {
    const { note } = await orderAndShip(w);
    const ret = await surplusReturn(w);
    ok(await w.merchantA.post(`/api/return-orders/${ret.id}/method`, { method: 'ABANDON' }));
    // a second return of the same note's goods: a scan of the note lets the clerk pick
    const exc2 = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: ret.note.id, subtype: 'SURPLUS', lines: [{ skuId: w.ids.skusA[0], qty: 1 }] }), 201);
    const ret2 = ok(await w.ops.post(`/api/exceptions/${exc2.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: exc2.version })).documents.returnOrders[0];
    ok(await w.merchantA.post(`/api/return-orders/${ret2.id}/method`, { method: 'ABANDON' }));
    const h = await handheld(browser, { width: 1440, height: 900 });
    await loginAs(h.page, server.url, clerk, PASSWORD);
    const fits = async () => expect(await h.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    await open(h, '/warehouse/arrival', 'arrival-scan');
    await scan(h.page, note.no);
    await expect.poll(() => noteStatus(note.id)).toBe('ARRIVED');
    await expect.poll(() => outcome(h.page)).toBe('booked');
    expect(await h.page.locator('.ant-layout-sider').isVisible()).toBe(true);
    await h.page.getByTestId('arrival-note').getByTestId('arrival-to-receiving').waitFor(); // at the card's head, not in a bar
    await settled(h.page);
    await fits();
    await shot(h.page, 'scan-arrival-1440');

    await open(h, '/warehouse/returns', 'scan-field');
    await scan(h.page, ret.note.boxes[0].labelCode); // a box label of the note whose goods go back
    await h.page.getByTestId(`scanned-open-${ret2.no}`).waitFor();
    expect(await h.page.getByTestId('scanned-choices').getByRole('button').count()).toBe(2);
    expect(await outcome(h.page)).toBe('attention');
    await settled(h.page);
    await shot(h.page, 'scan-returns-choices-1440');
    await h.page.getByTestId(`scanned-open-${ret2.no}`).click();
    await expect.poll(() => h.page.getByTestId('scanned-return').innerText()).toContain(ret2.no);
    await h.page.getByTestId('scanned-dispose').click();
    await expect.poll(() => returnStatus(ret2.id)).toBe('DISPOSED');
    // one return left to work on the note: the scan opens it straight away
    await scan(h.page, ret.note.no);
    await expect.poll(() => h.page.getByTestId('scanned-return').innerText()).toContain(ret.no);
    expect(await h.page.getByTestId('scanned-return').getAttribute('data-status')).toBe('AWAITING_DISPOSAL');
    await h.page.getByTestId(`dispose-${ret.no}`).waitFor(); // the list is on the return's tab
    await settled(h.page);
    await fits();
    await shot(h.page, 'scan-returns-1440');
    await h.page.getByTestId('scanned-dispose').click();
    await expect.poll(() => returnStatus(ret.id)).toBe('DISPOSED');

    await open(h, '/warehouse/new-notes', 'scan-field');
    await scan(h.page, 'DN-NOPE');
    await expect.poll(() => outcome(h.page)).toBe('refused');
    await settled(h.page);
    await fits();
    await shot(h.page, 'scan-new-notes-1440');
    expect(h.problems).toEqual([]);
    await h.context.close();
  });
});
