/**
 * The UI language. Each area keeps its own catalog (`messages.ts` beside its components) so areas
 * do not edit one shared file; a translator reads the current locale reactively.
 */
export const locales = ['en', 'zh'] as const;
export type Locale = (typeof locales)[number];
export const localeNames: Record<Locale, string> = { en: 'English', zh: '中文' };

/** English is the reference: every other locale must provide the same keys. */
export type Catalog<Keys extends string> = Record<Locale, Record<Keys, string>>;

const storageKey = 'fovea.locale';

function detectLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(storageKey);
  if (stored === 'en' || stored === 'zh') return stored;
  return globalThis.navigator?.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export class LocaleState {
  #locale = $state<Locale>(detectLocale());

  get locale(): Locale {
    return this.#locale;
  }

  setLocale(locale: Locale): void {
    this.#locale = locale;
    globalThis.localStorage?.setItem(storageKey, locale);
    if (globalThis.document) document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  }

  /**
   * `t('key', {n: 3})` replaces `{n}` in the message of the current locale. Whole numbers take the
   * locale's digit grouping (12,345); other numbers are shown as given, so a caller that rounded
   * one (or wrote 1e-3) keeps its form.
   */
  translator<Keys extends string>(
    catalog: Catalog<Keys>,
  ): (key: Keys, params?: Record<string, string | number>) => string {
    return (key, params) => {
      const message = catalog[this.#locale][key];
      if (!params) return message;
      return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in params ? this.formatParameter(params[name]) : whole,
      );
    };
  }

  /** A whole number with the current locale's grouping; anything else as text. */
  formatParameter(value: string | number | undefined): string {
    if (typeof value !== 'number' || !Number.isInteger(value)) return String(value);
    return value.toLocaleString(this.#locale === 'zh' ? 'zh-CN' : 'en');
  }

  reset(): void {
    this.#locale = 'en';
  }
}

export const localeState = new LocaleState();
