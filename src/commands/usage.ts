/**
 * How the command line itself is explained: usage errors read like every other error
 * (`Error:`), terraform's single-dash flags get a hint, and the commands that talk to the API
 * say in their help which environment they read.
 */

/**
 * Commander's `error: …` becomes `Error: …`, as every other error shelf prints; an unknown
 * single-dash flag that is one of shelf's long options (terraform writes `-auto-approve`) is
 * told its double-dash form.
 */
export function usageErrorText(text: string, longOptions: ReadonlySet<string>): string {
  let out = text.replace(/^error: /, 'Error: ');
  const single = /unknown option '-([a-z][a-z-]+)'/.exec(out);
  if (single && longOptions.has(`--${single[1]}`)) {
    out = out.replace(/\n|$/, ` (did you mean --${single[1]}? shelf's long options take two dashes)\n`).replace(/\n\n$/, '\n');
  }
  return out;
}

/** The help of every command that reads or writes the remote catalog ends with this. */
export const API_ENVIRONMENT_HELP = `
Environment:
  SHELF_URL          base URL of the API, e.g. https://seller-center.example.com/api
                     (--url and seller_center.url in shelf.yaml also set it; --url wins)
  SHELF_TOKEN        the API key, sent verbatim as the Authorization header
  SHELF_TOKEN_FILE   a file holding the API key instead (SHELF_TOKEN wins when both are set)
  NO_COLOR           any non-empty value turns colours off (as --no-color)
  GITHUB_ACTIONS     true: also print each error and warning with a file:line as a GitHub annotation
  SHELF_CODE_QUALITY_REPORT  write those findings to this file as a GitLab Code Quality report

Global options (before or after the command):
  --debug            trace each HTTP exchange to stderr (the token is redacted)
  --no-color         no colours`;
