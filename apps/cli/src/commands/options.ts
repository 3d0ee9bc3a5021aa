import { UsageError } from '../errors.js';

export function parseIntegerList(flag: string, value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^\d+$/.test(p))) throw new UsageError(`${flag} must be a comma-separated list of whole numbers, got "${value}"`);
  return parts.map(Number);
}

export function parseInteger(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) throw new UsageError(`${flag} must be a whole number ≥ ${min}, got "${value}"`);
  return Number(value);
}

export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
