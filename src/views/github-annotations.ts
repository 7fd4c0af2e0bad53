/**
 * GitHub workflow commands (`::error file=…,line=…,col=…,title=…::message`), one per finding,
 * so each shows on the line of the pull request that caused it. Values are escaped as the
 * runner requires: data `%`, CR and LF; properties also `:` and `,`. Without this, a catalog
 * value holding a line break could start a workflow command of its own.
 */
import { type CiFinding, printable } from './ci-finding.js';

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderGithubAnnotation(f: CiFinding): string {
  const title = `shelf ${f.code}${f.sku !== undefined ? ` (${f.sku})` : ''}`;
  const props = [`file=${f.path}`, `line=${f.line}`, `col=${f.column}`, `title=${title}`].map((p) => {
    const eq = p.indexOf('=');
    return `${p.slice(0, eq)}=${escapeProperty(printable(p.slice(eq + 1)))}`;
  });
  const message = printable(f.detail ? `${f.summary}\n${f.detail}` : f.summary);
  return `::${f.severity} ${props.join(',')}::${escapeData(message)}\n`;
}

export function renderGithubAnnotations(findings: readonly CiFinding[]): string {
  return findings.map(renderGithubAnnotation).join('');
}
