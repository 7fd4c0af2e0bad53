/** The sandbox command's help beyond its options: kept apart so `shelf --help` loads no sandbox. */

export const SANDBOX_TOKEN_HELP = `Environment:
  SHELF_SANDBOX_TOKEN   the token the sandbox accepts (default: a new random one each start)`;

export const SANDBOX_CONTROL_HELP = `Control API (no token; loopback only):
  curl -s $\{SHELF_URL%/api}/__sandbox/state            products (approved or not), batches, quota use
  curl -s $\{SHELF_URL%/api}/__sandbox/log              the request log
  curl -s -X POST $\{SHELF_URL%/api}/__sandbox/mutate -d '{"sku":"AKN-1","changes":{"price":"9.90"}}'
  curl -s -X POST $\{SHELF_URL%/api}/__sandbox/seed -d '{"products":[...]}'
  curl -s -X POST $\{SHELF_URL%/api}/__sandbox/reset
  curl -s -X POST $\{SHELF_URL%/api}/__sandbox/clock -d '{"skew":"-2h","whole_seconds":true}'`;
