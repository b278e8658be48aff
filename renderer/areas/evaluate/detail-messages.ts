import type { Catalog } from '../../lib/i18n.svelte.js';

type Keys =
  | 'shownOf'
  | 'showAll'
  | 'open'
  | 'detailTitle'
  | 'probabilities'
  | 'notKnown'
  | 'relabel'
  | 'delete'
  | 'close';

/** The Evaluate area's larger view of one image, and the "N of M shown" lines. */
export const messages: Catalog<Keys> = {
  en: {
    shownOf: '{shown} of {total} shown',
    showAll: 'Show all',
    open: 'Open {caption} larger',
    detailTitle: '{actual}, predicted as {predicted}',
    probabilities: 'What the network gave each class',
    notKnown: 'Open it from the mistakes to see its probabilities.',
    relabel: 'Relabel as…',
    delete: 'Delete',
    close: 'Close',
  },
  zh: {
    shownOf: '显示 {shown} / {total}',
    showAll: '全部显示',
    open: '放大查看 {caption}',
    detailTitle: '{actual}，被预测为 {predicted}',
    probabilities: '网络给每个类别的概率',
    notKnown: '从“错误”列表中打开可查看其概率。',
    relabel: '改标为…',
    delete: '删除',
    close: '关闭',
  },
};
