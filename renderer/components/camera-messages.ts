import type { Catalog } from '../lib/i18n.svelte.js';

type Keys =
  | 'camera'
  | 'defaultCamera'
  | 'cameraNumber'
  | 'start'
  | 'stop'
  | 'starting'
  | 'liveView'
  | 'modelSees'
  | 'squash'
  | 'crop'
  | 'pad'
  | 'denied'
  | 'none'
  | 'busy'
  | 'ended'
  | 'unsupported'
  | 'other';

/** The camera's own words, shared by capture (Datasets) and live predictions (Evaluate). */
export const messages: Catalog<Keys> = {
  en: {
    camera: 'Camera',
    defaultCamera: 'Default camera',
    cameraNumber: 'Camera {n}',
    start: 'Start camera',
    stop: 'Stop camera',
    starting: 'Starting the camera…',
    liveView: 'Live view; the frame marks what training uses',
    modelSees: 'What the model sees ({n}×{n}, {fit})',
    squash: 'whole picture squashed',
    crop: 'centre crop',
    pad: 'padded',
    denied:
      'Fovea may not use the camera: permission was denied. Allow the camera for this page (the camera icon in the address bar, or the system’s privacy settings), then press Start camera again.',
    none: 'No camera was found. Connect one, then press Start camera.',
    busy: 'The camera could not start: another program may be using it. Close that program and try again.',
    ended:
      'The camera stopped sending pictures (unplugged or switched off). Reconnect it, then press Start camera.',
    unsupported:
      'This page cannot use a camera. Browsers allow cameras only on secure pages: open Fovea at its http://127.0.0.1 address or in the desktop app.',
    other: 'The camera could not start: {detail}',
  },
  zh: {
    camera: '摄像头',
    defaultCamera: '默认摄像头',
    cameraNumber: '摄像头 {n}',
    start: '打开摄像头',
    stop: '关闭摄像头',
    starting: '正在打开摄像头…',
    liveView: '实时画面；方框标出训练使用的区域',
    modelSees: '模型看到的画面（{n}×{n}，{fit}）',
    squash: '整张图片压缩',
    crop: '居中裁剪',
    pad: '填充',
    denied:
      'Fovea 无法使用摄像头：权限被拒绝。请允许此页面使用摄像头（地址栏中的摄像头图标，或系统的隐私设置），然后再次点击“打开摄像头”。',
    none: '没有找到摄像头。请连接摄像头，然后点击“打开摄像头”。',
    busy: '摄像头无法启动：可能有其他程序正在使用它。请关闭该程序后重试。',
    ended: '摄像头停止了画面传输（已拔出或关闭）。请重新连接，然后点击“打开摄像头”。',
    unsupported:
      '此页面无法使用摄像头。浏览器只允许安全页面使用摄像头：请通过 http://127.0.0.1 地址或桌面应用打开 Fovea。',
    other: '摄像头无法启动：{detail}',
  },
};
