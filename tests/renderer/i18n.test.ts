import { afterEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../renderer/lib/i18n.svelte.js';
import { LocaleState } from '../../renderer/lib/i18n.svelte.js';

const catalog: Catalog<'count'> = {
  en: { count: '{n} images at {rate}/s' },
  zh: { count: '{n} 张，每秒 {rate}' },
};

describe('the translator', () => {
  const locale = new LocaleState();
  afterEach(() => locale.reset());

  it('groups whole numbers as the locale does and leaves other values as given', () => {
    const t = locale.translator(catalog);
    expect(t('count', { n: 25000, rate: '12.5' })).toBe('25,000 images at 12.5/s');
    locale.setLocale('zh');
    expect(t('count', { n: 1234567, rate: 0.001 })).toBe('1,234,567 张，每秒 0.001');
  });
});
