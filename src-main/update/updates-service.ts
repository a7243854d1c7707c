import type { UpdateStatus } from "../../src-shared/protocol";
import type { ApplyAnswer, UpdatesBackend } from "./backend";

/**
 * The updates of this process, whichever backend does them. It starts with the one chosen at
 * start (headless registry, or a placeholder while the desktop shell comes up); the desktop
 * layer installs its own with use(), so nothing outside src-main/desktop knows Electrobun.
 */
export class UpdatesService {
  private backend: UpdatesBackend;
  private unfollow: () => void;

  constructor(
    backend: UpdatesBackend,
    private readonly publish: (status: UpdateStatus) => void,
  ) {
    this.backend = backend;
    this.unfollow = this.follow(backend);
  }

  /** Replaces the backend (the previous one stops) and tells clients at once. */
  use(backend: UpdatesBackend): void {
    this.unfollow();
    this.backend.stop();
    this.backend = backend;
    this.unfollow = this.follow(backend);
    this.publish(backend.status());
  }

  status(): UpdateStatus {
    return this.backend.status();
  }

  check(): Promise<UpdateStatus> {
    return this.backend.check();
  }

  download(): Promise<UpdateStatus> {
    return this.backend.download();
  }

  apply(): Promise<ApplyAnswer> {
    return this.backend.apply();
  }

  stop(): void {
    this.unfollow();
    this.backend.stop();
  }

  private follow(backend: UpdatesBackend): () => void {
    return backend.onChange(() => this.publish(backend.status()));
  }
}
