import type { Catalog } from '../../lib/i18n.svelte.js';

type Keys = 'markNone' | 'markNoneHint' | 'frameNone' | 'addedNone' | 'inBackground';

/** "None of these": pictures a person marks go to the dataset's `background` class. */
export const messages: Catalog<Keys> = {
  en: {
    markNone: 'None of these',
    markNoneHint:
      'Move it to the class “background” (made if missing): pictures of none of the classes teach the next run to say so.',
    frameNone: 'This frame is none of these',
    addedNone: 'Added to “{name}”. Train again to teach the model “none of these”.',
    inBackground: 'In “background”',
  },
  zh: {
    markNone: '都不是',
    markNoneHint:
      '移到“background”类别（没有则新建）：不属于任何类别的图片能让下一次训练的模型学会这样回答。',
    frameNone: '这一帧都不是',
    addedNone: '已加入“{name}”。重新训练即可让模型学会回答“都不是”。',
    inBackground: '已在“background”中',
  },
};
