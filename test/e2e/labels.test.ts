/** Journey (5): the merchant, logged in in the browser, gets the box labels PDF; its text layer has the note number. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeBrowser, launch, loginAs, openPage, RESULTS, startServer, type Server } from './harness.js';
import type { TestEnv } from '../helpers/app.js';
import { ok, orderAndShip, seedWorld } from '../helpers/world.js';
import { pageObjects, pdfText } from '../helpers/pdf.js';

describeBrowser('journey 5: box labels PDF', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => { server = await startServer(); browser = await launch(); });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('the merchant downloads the labels of a note; one page per box, the note number in its text', async () => {
    const w = await seedWorld({ admin: server.admin, login: server.login } as unknown as TestEnv);
    const { note } = await orderAndShip(w);
    const username = `labels-merchant-${w.tag}`;
    ok(await server.admin.post('/api/admin/users', { username, password: 'password-1234', role: 'MERCHANT', merchantId: w.ids.merchantA }), 201);

    const { page, problems, context } = await openPage(browser);
    await loginAs(page, server.url, username, 'password-1234');
    const got = await page.evaluate(async (id) => {
      // the page's own session: the HttpOnly cookie goes with a same-origin fetch
      const res = await fetch(`/api/delivery-notes/${id}/labels.pdf`);
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        disposition: res.headers.get('content-disposition'),
        bytes: Array.from(new Uint8Array(await res.arrayBuffer())),
      };
    }, note.id);
    expect(got.status).toBe(200);
    expect(got.type).toBe('application/pdf');
    expect(got.disposition).toBe(`inline; filename="${note.no}-labels.pdf"`);
    const pdf = Buffer.from(got.bytes);
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'labels.pdf'), pdf);

    expect(pageObjects(pdf)).toBe(note.boxes.length);
    const pages = await pdfText(pdf);
    expect(pages).toHaveLength(note.boxes.length);
    for (const [i, text] of pages.entries()) {
      expect(text).toContain(note.no);
      expect(text).toContain(note.boxes[i].labelCode);
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
