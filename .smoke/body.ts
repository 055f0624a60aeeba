import Fastify from 'fastify';
const app = Fastify();
app.post('/x', async (req) => ({ body: req.body === undefined ? 'undefined' : req.body }));
await app.listen({ port: 0 });
const port = (app.server.address() as any).port;
console.log('inject', (await app.inject({ method: 'POST', url: '/x' })).body);
console.log('fetch', await (await fetch(`http://127.0.0.1:${port}/x`, { method: 'POST' })).text());
console.log('fetch json empty', await (await fetch(`http://127.0.0.1:${port}/x`, { method: 'POST', headers: { 'content-type': 'application/json' } })).text());
await app.close();
