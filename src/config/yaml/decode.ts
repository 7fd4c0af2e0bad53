/** Bytes of a YAML file → text, refusing what would silently change meaning (bad encodings, a BOM). */
import type { Diagnostic } from '../../model/diagnostic.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function decodeYamlBytes(bytes: Uint8Array, file: string): { text?: string; diagnostics: Diagnostic[] } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'bom',
          summary: 'The file starts with a byte order mark (BOM)',
          detail: 'Save the file as UTF-8 without BOM (most editors offer "UTF-8" next to "UTF-8 with BOM").',
          source: { file, line: 1, column: 1 },
        },
      ],
    };
  }
  try {
    return { text: strictUtf8.decode(bytes), diagnostics: [] };
  } catch {
    const text = lossyUtf8.decode(bytes);
    const at = text.indexOf('\uFFFD');
    const before = text.slice(0, Math.max(0, at));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'not-utf8',
          summary: 'The file is not valid UTF-8',
          detail: 'Convert it to UTF-8 (e.g. `iconv -f latin1 -t utf-8`); shelf reads catalog files only as UTF-8.',
          source: { file, line, column },
        },
      ],
    };
  }
}
