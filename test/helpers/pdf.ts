/** Reading PDFs in tests: page objects in the raw bytes, and the text layer through pdf.js. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Page objects (`/Type /Page`, not `/Pages`) in the file; pdfkit writes them uncompressed. */
export function pageObjects(pdf: Uint8Array): number {
  return (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/** The text layer, one string per page (as a reader or a search would see it). */
export async function pdfText(pdf: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join('\n'));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
