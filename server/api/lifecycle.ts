/**
 * The process's serving state (docs/deployment.md, Graceful shutdown). On SIGTERM the start script marks the
 * process draining first, so `/readyz` fails and the load balancer stops sending new requests while the ones in
 * flight finish. Shared through globalThis: the start script and Next's bundle are separate module graphs.
 */
const globalKey = Symbol.for("strata.lifecycle");
type GlobalWithLifecycle = typeof globalThis & { [globalKey]?: { draining: boolean } };

function state(): { draining: boolean } {
  const holder = globalThis as GlobalWithLifecycle;
  holder[globalKey] ??= { draining: false };
  return holder[globalKey];
}

export function isDraining(): boolean {
  return state().draining;
}

export function startDraining(): void {
  state().draining = true;
}
