/**
 * The main process is a set of services (config, logging, events, downloads, agent host,
 * HTTP server; later desktop, LAN, updates), each with start/stop and the services it needs.
 * They start in dependency order and stop in reverse, so the server stops taking requests
 * before the agent closes its database.
 */
export type Resolve = <T>(service: Service<T>) => T;

export interface Service<T> {
  readonly name: string;
  /** Started before this one; `start` may `get` them. */
  readonly deps: readonly Service<unknown>[];
  start(get: Resolve): T | Promise<T>;
  stop?(value: T): void | Promise<void>;
}

export function defineService<T>(service: Service<T>): Service<T> {
  return service;
}

/** A service that only holds a value made elsewhere (the config store the CLI opened). */
export function valueService<T>(name: string, value: T): Service<T> {
  return { name, deps: [], start: () => value };
}

/** Start order: every service after its deps, otherwise in the order given. Throws on a cycle. */
export function startOrder(services: readonly Service<unknown>[]): Service<unknown>[] {
  const order: Service<unknown>[] = [];
  const state = new Map<Service<unknown>, "visiting" | "done">();
  const visit = (service: Service<unknown>, path: string[]) => {
    const seen = state.get(service);
    if (seen === "done") return;
    if (seen === "visiting") throw new Error(`services depend on each other: ${[...path, service.name].join(" -> ")}`);
    state.set(service, "visiting");
    for (const dep of service.deps) visit(dep, [...path, service.name]);
    state.set(service, "done");
    order.push(service);
  };
  for (const service of services) visit(service, []);
  return order;
}

export class ServiceHost {
  private readonly values = new Map<Service<unknown>, unknown>();
  private readonly started: Service<unknown>[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly services: readonly Service<unknown>[],
    private readonly onStopError: (name: string, error: unknown) => void = () => undefined,
  ) {}

  get<T>(service: Service<T>): T {
    if (!this.values.has(service)) throw new Error(`service ${service.name} is not running`);
    return this.values.get(service) as T;
  }

  /** Starts everything; if one fails, the ones already running are stopped and the error is rethrown. */
  async start(): Promise<void> {
    const resolve: Resolve = (service) => this.get(service);
    for (const service of startOrder(this.services)) {
      try {
        this.values.set(service, await service.start(resolve));
        this.started.push(service);
      } catch (error) {
        await this.stop();
        throw error;
      }
    }
  }

  /** Reverse order; a failing stop is reported and the rest still stop. Calling it again joins the first call. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of [...this.started].reverse()) {
        try {
          await service.stop?.(this.values.get(service));
        } catch (error) {
          this.onStopError(service.name, error);
        }
      }
    })();
    return this.stopping;
  }
}
