import type { Locale } from '../../lib/i18n.svelte.js';

const formats: Record<Locale, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-US'),
  zh: new Intl.NumberFormat('zh-CN'),
};

/** A count with digit grouping: 22,579,328. */
export function formatCount(value: number, locale: Locale): string {
  return formats[locale].format(value);
}

/** A share as a whole percentage (0.53 → "53%"). */
export function formatPercent(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value * 100)}%` : '∞';
}
