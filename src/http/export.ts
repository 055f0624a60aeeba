/** The answer of every `GET /api/<list>/export`: the list's filters plus `format` and `lang`, streamed (../modules/shared/export.ts). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EXPORT_FORMATS, EXPORT_LANGS, exportLang, startExport, type ExportFormat, type ExportSpec } from '../modules/shared/export.js';
import { readCtxOf } from './read-routing.js';

/** Query fields an export takes besides its list's filters. */
export const ExportQuery = {
  format: z.enum(EXPORT_FORMATS).describe('xlsx or csv (with a BOM, for Excel)'),
  lang: z.enum(EXPORT_LANGS).optional().describe('Headers and labels; default: Accept-Language, else zh-CN'),
};

export const exportSummary = (what: string) =>
  `${what} as XLSX or CSV: the list's filters and scope, every page, streamed; amounts in major units with the currency, times in the platform's time zone (settings.timeZone, named in the header)`;

export async function sendExport<T, F>(
  req: FastifyRequest, reply: FastifyReply, spec: ExportSpec<T, F>,
  query: F & { format: ExportFormat; lang?: string },
) {
  const { format, lang, ...filters } = query;
  const answer = await startExport(readCtxOf(req), spec, filters as F, format, exportLang(lang, req.headers['accept-language']),
    (err) => req.log.error({ err }, `${spec.file} export failed`));
  return reply.type(answer.contentType).header('content-disposition', answer.disposition).header('cache-control', 'no-store').send(answer.stream);
}
