import { describe, expect, it } from 'vitest';
import { InMemoryCallBudget } from '../../lambdas/adapters/comprehend/in-memory-call-budget.ts';
import { meteredCallBudget } from '../../lambdas/adapters/metered-call-budget.ts';

describe('meteredCallBudget', () => {
  it('reports the calls the budget grants, and nothing for a refusal', async () => {
    // Arrange
    const granted: number[] = [];
    const budget = meteredCallBudget(new InMemoryCallBudget(30), (calls) => granted.push(calls));

    // Act
    const answers = [
      await budget.tryConsume(25, '2030-01-02'),
      await budget.tryConsume(10, '2030-01-02'),
      await budget.tryConsume(5, '2030-01-02'),
    ];

    // Assert
    expect(answers).toEqual([true, false, true]);
    expect(granted).toEqual([25, 5]);
  });

  it('reports nothing when the budget cannot be read, and passes the failure on', async () => {
    // Arrange
    const granted: number[] = [];
    const budget = meteredCallBudget(
      {
        tryConsume: async () => {
          throw new Error('lookups table unavailable');
        },
      },
      (calls) => granted.push(calls),
    );

    // Act
    const attempt = budget.tryConsume(1, '2030-01-02');

    // Assert
    await expect(attempt).rejects.toThrow('lookups table unavailable');
    expect(granted).toEqual([]);
  });
});
