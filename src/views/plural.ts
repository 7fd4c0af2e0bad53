/** `1 item`, `2 items`: counts read as English whatever the number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
