import { describe, expect, it } from 'vitest';
import { InMemoryCallBudget } from '../../../lambdas/adapters/comprehend/in-memory-call-budget.ts';

describe('InMemoryCallBudget', () => {
  it('grants calls up to the daily limit, refuses a request that does not fit whole, and starts each day afresh', async () => {
    // Arrange
    const budget = new InMemoryCallBudget(10);
    // Act
    const granted = [
      await budget.tryConsume(6, '2026-11-02'),
      await budget.tryConsume(5, '2026-11-02'),
      await budget.tryConsume(4, '2026-11-02'),
      await budget.tryConsume(1, '2026-11-02'),
      await budget.tryConsume(10, '2026-11-03'),
    ];
    // Assert
    expect(granted).toEqual([true, false, true, false, true]);
    expect(budget.used('2026-11-02')).toBe(10);
    expect(budget.used('2026-11-03')).toBe(10);
  });

  it('rejects nonsense', async () => {
    expect(() => new InMemoryCallBudget(-1)).toThrow(RangeError);
    await expect(new InMemoryCallBudget(5).tryConsume(1.5, '2026-11-02')).rejects.toThrow(RangeError);
  });
});
