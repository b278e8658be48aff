import type { Catalog } from '../../lib/i18n.svelte.js';

type Keys =
  | 'open'
  | 'close'
  | 'title'
  | 'intoClass'
  | 'noClass'
  | 'takePhoto'
  | 'takeBurst'
  | 'burstCount'
  | 'burstInterval'
  | 'format'
  | 'taking'
  | 'cancel'
  | 'interrupted'
  | 'keep'
  | 'discard'
  | 'importing';

export const messages: Catalog<Keys> = {
  en: {
    open: 'Take photos with the camera',
    close: 'Close the camera',
    title: 'Camera',
    intoClass: 'Into class',
    noClass: 'Add a class first: photos from the camera go straight into one.',
    takePhoto: 'Take a photo',
    takeBurst: 'Take a burst',
    burstCount: 'Photos',
    burstInterval: 'Seconds apart',
    format: 'Format',
    taking: 'Taking photo {n} of {total}…',
    cancel: 'Cancel burst',
    interrupted:
      'The camera stopped after {n} of {total} photos. Nothing has been imported yet: keep these {n} photos in “{name}”, or discard them?',
    keep: 'Keep {n} photos',
    discard: 'Discard them',
    importing: 'Importing the photos…',
  },
  zh: {
    open: '用摄像头拍照',
    close: '关闭摄像头',
    title: '摄像头',
    intoClass: '放入类别',
    noClass: '请先添加一个类别：摄像头拍的照片会直接放入某个类别。',
    takePhoto: '拍一张',
    takeBurst: '连拍',
    burstCount: '张数',
    burstInterval: '间隔（秒）',
    format: '格式',
    taking: '正在拍第 {n} 张，共 {total} 张…',
    cancel: '取消连拍',
    interrupted:
      '摄像头在拍完 {total} 张中的 {n} 张后停止了。尚未导入任何照片：要把这 {n} 张照片保留到“{name}”中，还是丢弃？',
    keep: '保留 {n} 张照片',
    discard: '丢弃',
    importing: '正在导入照片…',
  },
};
