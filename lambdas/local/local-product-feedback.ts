import path from 'node:path';
import { ProductIdea } from '../domain/closing-the-loop.ts';
import type { ProductFeedback } from '../ports/product-feedback.ts';
import { appendNdjson, readNdjsonFile } from './ndjson-file.ts';

/** The product-feedback file inside the local runtime's data directory. */
export const productFeedbackFileName = 'product-feedback.ndjson';

export const productFeedbackPathIn = (dataDir: string): string => path.join(dataDir, productFeedbackFileName);

/**
 * The local runtime's stand-in for the product-feedback queue: each idea, one JSON object per line
 * (NDJSON, the same body the queue carries), appended to a file and kept in memory, so a person
 * running the bridge locally can read what the product team would get. It keeps the first idea of
 * each mention, as the queue's consumer does with repeats; with no file it lives in memory only.
 */
export class LocalProductFeedback implements ProductFeedback {
  private readonly ideas: ProductIdea[] = [];
  private readonly seen = new Set<string>();

  /** @param file where the ideas are kept across restarts; created with its directory when missing. */
  constructor(private readonly file?: string) {
    if (!file) return;
    const ideas = readNdjsonFile(file, (value) => {
      const idea = ProductIdea.safeParse(value);
      return idea.success
        ? { ok: true, value: idea.data }
        : {
            ok: false,
            expected: `a product idea (${idea.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')})`,
          };
    });
    for (const idea of ideas) this.keep(idea);
  }

  async submit(idea: ProductIdea): Promise<void> {
    // Validate before writing, so the file only ever holds ideas that load again.
    const checked = ProductIdea.parse(idea);
    // Marked before the write, so two submissions racing for one mention write it once.
    if (!this.keep(checked) || !this.file) return;
    try {
      await appendNdjson(this.file, [checked]);
    } catch (error) {
      // Not written, so not kept: submitting it again must try again.
      this.seen.delete(checked.mentionId);
      this.ideas.splice(this.ideas.indexOf(checked), 1);
      throw error;
    }
  }

  /** The ideas passed on, oldest first, one per mention. */
  items(): readonly ProductIdea[] {
    return [...this.ideas];
  }

  private keep(idea: ProductIdea): boolean {
    if (this.seen.has(idea.mentionId)) return false;
    this.seen.add(idea.mentionId);
    this.ideas.push(idea);
    return true;
  }
}
