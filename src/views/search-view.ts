/**
 * What `shelf search` shows: the matches (a table and the lines to paste, or one JSON document)
 * on stdout; diagnostics on stderr, under --json too, so stdout stays one document.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { renderDiagnostics } from './diagnostics.js';
import { type ViewOutput, writeJson } from './output.js';
import { renderSearchHuman, type SearchMatches, searchToJson } from './search-format.js';

export interface SearchView {
  /** The outcome: `found` is absent when the search failed or matched nothing. */
  searched(query: string, found: SearchMatches | undefined, diagnostics: readonly Diagnostic[], root: string): void;
}

export function searchView(out: ViewOutput, opts: { json: boolean }): SearchView {
  return {
    searched: (query, found, diagnostics, root) => {
      if (opts.json) writeJson(out, searchToJson(found, query, diagnostics));
      else if (found) out.stdout.write(renderSearchHuman(found, { color: out.color }));
      if (diagnostics.length > 0) out.stderr.write(renderDiagnostics(diagnostics, { root, color: out.color }));
    },
  };
}
