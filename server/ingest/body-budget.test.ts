import { describe, expect, it } from 'vitest';
import { BodyBudget } from './body-budget';

describe('body budget', () => {
  it('reserves up to its limit, refuses past it, and takes bodies again once released', () => {
    const budget = new BodyBudget(100);
    expect(budget.reserve(60)).toBe(true);
    expect(budget.reserve(40)).toBe(true);
    expect(budget.reserve(1)).toBe(false);
    budget.release(60);
    expect(budget.reservedBytes).toBe(40);
    expect(budget.reserve(60)).toBe(true);
    expect(budget.reserve(1)).toBe(false);
  });

  it('never goes below zero on a double release', () => {
    const budget = new BodyBudget(10);
    budget.reserve(5);
    budget.release(5);
    budget.release(5);
    expect(budget.reservedBytes).toBe(0);
    expect(budget.reserve(10)).toBe(true);
  });
});
