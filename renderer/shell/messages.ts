import type { Catalog } from '../lib/i18n.svelte.js';

type Keys =
  'datasets' | 'learn' | 'train' | 'evaluate' | 'language' | 'areas' | 'connecting' | 'webMode';

export const messages: Catalog<Keys> = {
  en: {
    datasets: 'Datasets',
    learn: 'Learn',
    train: 'Train',
    evaluate: 'Evaluate',
    language: 'Language',
    areas: 'Areas',
    connecting: 'Connecting to Fovea…',
    webMode: 'Web mode',
  },
  zh: {
    datasets: '数据集',
    learn: '学习',
    train: '训练',
    evaluate: '评估',
    language: '语言',
    areas: '功能区',
    connecting: '正在连接 Fovea…',
    webMode: '网页模式',
  },
};
