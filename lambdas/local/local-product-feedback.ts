import { existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { ProductIdea } from '../domain/closing-the-loop.ts';
import type { ProductFeedback } from '../ports/product-feedback.ts';

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
    mkdirSync(path.dirname(file), { recursive: true });
    if (!existsSync(file)) return;
    for (const idea of readIdeas(file)) this.keep(idea);
  }

  async submit(idea: ProductIdea): Promise<void> {
    // Validate before writing, so the file only ever holds ideas that load again.
    const checked = ProductIdea.parse(idea);
    // Marked before the write, so two submissions racing for one mention write it once.
    if (!this.keep(checked) || !this.file) return;
    try {
      await appendFile(this.file, `${JSON.stringify(checked)}\n`, 'utf8');
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

/**
 * The ideas of an existing file. A last line without its newline is a write cut short by a crash:
 * it is cut off so the next append starts on a line of its own. Any other unreadable line is an
 * error naming the file and line, rather than ideas silently missing.
 */
const readIdeas = (file: string): ProductIdea[] => {
  const text = readFileSync(file, 'utf8');
  const complete = text.endsWith('\n') || text === '' ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  if (complete.length < text.length) truncateSync(file, Buffer.byteLength(complete, 'utf8'));
  return complete
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, number }) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        throw new Error(`${file} line ${number} is not JSON (${(error as Error).message}): fix or remove the line`);
      }
      const idea = ProductIdea.safeParse(parsed);
      if (!idea.success) {
        throw new Error(
          `${file} line ${number} is not a product idea (${idea.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}): fix or remove the line`,
        );
      }
      return idea.data;
    });
};
