/**
 * `--json` promises one JSON document on stdout even when the command never ran: a usage
 * error (unknown flag, missing argument) or an unexpected failure. Each command's document
 * keeps the shape its successful runs and refusals have.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { refusalToJson } from '../views/apply-json.js';
import { diagnosticsToJson } from '../views/diagnostics.js';
import { renderPlanErrorsJson } from '../views/plan-json.js';
import { searchToJson } from '../views/search-format.js';

const JSON_COMMANDS = new Set(['validate', 'plan', 'apply', 'show', 'search']);

/** The command named on the command line when it takes --json and --json was given. */
export function jsonCommandOf(args: readonly string[]): string | undefined {
  const command = args.find((a) => !a.startsWith('-'));
  return command && JSON_COMMANDS.has(command) && args.includes('--json') ? command : undefined;
}

/** The one document for a failure that no command reported itself. */
export function failureJson(command: string, code: string, summary: string): string {
  const diagnostic: Diagnostic = { severity: 'error', code, summary };
  if (command === 'apply') return `${JSON.stringify(refusalToJson([diagnostic]), null, 2)}\n`;
  if (command === 'validate') return `${JSON.stringify(diagnosticsToJson([diagnostic]), null, 2)}\n`;
  if (command === 'search') return `${JSON.stringify(searchToJson(undefined, '', [diagnostic]), null, 2)}\n`;
  return renderPlanErrorsJson([diagnostic]);
}
