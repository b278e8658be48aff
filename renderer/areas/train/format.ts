export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(100 * value).toFixed(1)}%`;
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}
