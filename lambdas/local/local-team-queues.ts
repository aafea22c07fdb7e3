import { DomainError } from '../domain/errors.ts';
import type { TeamQueueMessage } from '../domain/team-queue-message.ts';
import type { TeamQueues } from '../ports/team-queues.ts';
import { type BatchConsumer, LocalQueue, type LocalQueueOptions, type LocalQueueStats } from './local-queue.ts';

/**
 * The team queues of the local runtime: one {@link LocalQueue} per team queue, each with SQS
 * semantics and all feeding the one team-intake handler, as the event source mappings do in AWS.
 * Sends the same message body as the SQS adapter.
 */
export class LocalTeamQueues implements TeamQueues {
  readonly #queues: ReadonlyMap<string, LocalQueue>;

  /** `options` apply to every queue; each is named `team-<queue>`. */
  constructor(names: readonly string[], options: Omit<LocalQueueOptions, 'name'>) {
    this.#queues = new Map(names.map((name) => [name, new LocalQueue({ ...options, name: `team-${name}` })]));
  }

  /** The local queue of one team, or undefined. */
  queue(name: string): LocalQueue | undefined {
    return this.#queues.get(name);
  }

  async enqueue(queue: string, caseId: string): Promise<void> {
    const local = this.#queues.get(queue);
    if (local === undefined) {
      throw new DomainError(
        'INTERNAL',
        `no team queue "${queue}" runs locally; the team queues are ${[...this.#queues.keys()].join(', ')}`,
        { details: { queue, caseId } },
      );
    }
    const message: TeamQueueMessage = { caseId, queue };
    local.send([{ body: JSON.stringify(message), attributes: { caseId } }]);
  }

  /** Attaches the team-intake handler to every team queue and starts polling. */
  start(consumer: BatchConsumer): void {
    for (const local of this.#queues.values()) local.start(consumer);
  }

  /** Stops every queue, waiting for batches in flight. */
  async stop(): Promise<void> {
    await Promise.all([...this.#queues.values()].map((local) => local.stop()));
  }

  /** Resolves once every team queue is idle (see {@link LocalQueue.whenIdle}). */
  async whenIdle(options: { ignoreDelayed?: boolean } = {}): Promise<void> {
    await Promise.all([...this.#queues.values()].map((local) => local.whenIdle(options)));
  }

  /** Each team queue's counters and dead letters, for `/local/queues`. */
  stats(): Record<string, LocalQueueStats & { deadLetters: LocalQueue['deadLetters'] }> {
    return Object.fromEntries(
      [...this.#queues].map(([name, local]) => [name, { ...local.stats(), deadLetters: local.deadLetters }]),
    );
  }
}
