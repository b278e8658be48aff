import type { Catalog } from '../../lib/i18n.svelte.js';

/** The Train area's list of pretrained networks and their downloads. */
type Keys =
  | 'title'
  | 'intro'
  | 'available'
  | 'bundled'
  | 'own'
  | 'needsDownload'
  | 'download'
  | 'downloading'
  | 'cancel'
  | 'parameters'
  | 'licence'
  | 'dismiss';

export const messages: Catalog<Keys> = {
  en: {
    title: 'Pretrained networks',
    intro:
      'A run can start from one of these: a head is trained on its features. Downloaded ones are kept in the library and work offline afterwards.',
    available: 'On this computer',
    bundled: 'Comes with Fovea',
    own: 'Your own, added from a folder',
    needsDownload: 'Needs a download of about {mb} MB',
    download: 'Download',
    downloading: 'Downloading… {percent}',
    cancel: 'Cancel',
    parameters: '{n} parameters · {size}×{size} input',
    licence: 'Licence: {licences}',
    dismiss: 'Dismiss',
  },
  zh: {
    title: '预训练网络',
    intro:
      '训练可以从其中之一开始：在它提取的特征上训练一个分类头。下载的网络保存在资料库中，之后可离线使用。',
    available: '已在本机',
    bundled: 'Fovea 自带',
    own: '你自己的网络，从文件夹添加',
    needsDownload: '需要下载约 {mb} MB',
    download: '下载',
    downloading: '正在下载… {percent}',
    cancel: '取消',
    parameters: '{n} 个参数 · 输入 {size}×{size}',
    licence: '许可证：{licences}',
    dismiss: '关闭',
  },
};
