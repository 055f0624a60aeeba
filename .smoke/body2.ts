import Fastify from 'fastify';
import { z } from 'zod';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
const app = Fastify();
app.setValidatorCompiler(validatorCompiler); app.setSerializerCompiler(serializerCompiler);
app.post('/x', { schema: { body: z.strictObject({ version: z.number().optional() }).optional() } }, async (req) => ({ body: req.body === undefined ? 'undefined' : req.body }));
console.log('inject', (await app.inject({ method: 'POST', url: '/x' })).body);
