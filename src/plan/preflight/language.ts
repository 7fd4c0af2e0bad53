/**
 * `seller_center.language` against the languages the account has activated (LNG001): an
 * Accept-Language the API does not accept would fail every request that carries it, so it is
 * refused before anything is written. Pure: the language list comes in.
 */
import { closest } from '../../config/did-you-mean.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { SourcePos } from '../../model/source.js';

export function checkLanguage(language: string | undefined, available: readonly string[], source?: SourcePos): Diagnostic[] {
  if (language === undefined || available.length === 0) return [];
  const wanted = language.trim().toLowerCase();
  if (available.some((code) => code.toLowerCase() === wanted)) return [];
  const near = closest(wanted, available.map((c) => c.toLowerCase()));
  return [
    {
      severity: 'error',
      code: 'unknown-language',
      summary: `seller_center.language ${language} is not one of the languages activated for this Seller Center account (${available.join(', ')})`,
      detail: `${near ? `Did you mean ${near}? ` : ''}Set seller_center.language in shelf.yaml to one of ${available.join(', ')} (GET /i1/languages/), or activate ${language} in the back office.`,
      ...(source ? { source } : {}),
    },
  ];
}
