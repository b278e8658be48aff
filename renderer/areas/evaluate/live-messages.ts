import type { Catalog } from '../../lib/i18n.svelte.js';

type Keys =
  | 'title'
  | 'hint'
  | 'open'
  | 'close'
  | 'resume'
  | 'pause'
  | 'heatmap'
  | 'framesPerSecond'
  | 'measuring'
  | 'frames'
  | 'threshold'
  | 'noRun';

export const messages: Catalog<Keys> = {
  en: {
    title: 'Try it live',
    hint: 'The camera’s pictures classified one after another by the chosen run.',
    open: 'Use the camera',
    close: 'Close the camera',
    resume: 'Classify live',
    pause: 'Pause',
    heatmap: 'Show where it looks (Grad-CAM)',
    framesPerSecond: '{fps} frames/s',
    measuring: 'measuring frames/s…',
    frames: '{n} frames classified',
    threshold: 'below the run’s threshold of {p}%',
    noRun: 'Choose a run with a model first.',
  },
  zh: {
    title: '实时试用',
    hint: '用所选训练的模型逐帧分类摄像头画面。',
    open: '使用摄像头',
    close: '关闭摄像头',
    resume: '实时分类',
    pause: '暂停',
    heatmap: '显示模型关注的区域（Grad-CAM）',
    framesPerSecond: '每秒 {fps} 帧',
    measuring: '正在测量帧率…',
    frames: '已分类 {n} 帧',
    threshold: '低于此训练的阈值 {p}%',
    noRun: '请先选择一个有模型的训练。',
  },
};
