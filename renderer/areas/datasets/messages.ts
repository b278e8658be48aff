import type { Catalog } from '../../lib/i18n.svelte.js';

type Keys =
  | 'datasets'
  | 'newDataset'
  | 'create'
  | 'datasetName'
  | 'noDatasets'
  | 'noDatasetsHint'
  | 'images'
  | 'unlabeled'
  | 'classes'
  | 'className'
  | 'addClass'
  | 'noClasses'
  | 'rename'
  | 'delete'
  | 'save'
  | 'cancel'
  | 'deleteDatasetTitle'
  | 'deleteDatasetBody'
  | 'deleteClassTitle'
  | 'deleteClassBody'
  | 'selectDataset'
  | 'inputSize'
  | 'dismiss';

export const messages: Catalog<Keys> = {
  en: {
    datasets: 'Datasets',
    newDataset: 'New dataset',
    create: 'Create',
    datasetName: 'Dataset name',
    noDatasets: 'No datasets yet',
    noDatasetsHint:
      'Create one, then add a class for each kind of picture (for example cat and dog).',
    images: '{n} images',
    unlabeled: '{n} without a class',
    classes: 'Classes',
    className: 'Class name',
    addClass: 'Add class',
    noClasses:
      'No classes yet. Add one for each kind of picture you want the network to tell apart.',
    rename: 'Rename',
    delete: 'Delete',
    save: 'Save',
    cancel: 'Cancel',
    deleteDatasetTitle: 'Delete “{name}”?',
    deleteDatasetBody:
      'Its {n} images, classes and runs are removed from the library. Your original files are not touched.',
    deleteClassTitle: 'Remove class “{name}”?',
    deleteClassBody: 'Its {n} images stay in the dataset without a class.',
    selectDataset: 'Select a dataset on the left, or create one.',
    inputSize: 'Training size {n}×{n}',
    dismiss: 'Dismiss',
  },
  zh: {
    datasets: '数据集',
    newDataset: '新建数据集',
    create: '创建',
    datasetName: '数据集名称',
    noDatasets: '还没有数据集',
    noDatasetsHint: '先创建一个数据集，再为每一类图片添加一个类别（例如猫和狗）。',
    images: '{n} 张图片',
    unlabeled: '{n} 张未分类',
    classes: '类别',
    className: '类别名称',
    addClass: '添加类别',
    noClasses: '还没有类别。为希望网络区分的每一类图片添加一个类别。',
    rename: '重命名',
    delete: '删除',
    save: '保存',
    cancel: '取消',
    deleteDatasetTitle: '删除“{name}”？',
    deleteDatasetBody: '其中的 {n} 张图片、类别和训练记录将从库中移除。你的原始文件不受影响。',
    deleteClassTitle: '移除类别“{name}”？',
    deleteClassBody: '其中的 {n} 张图片将保留在数据集中，但不再属于任何类别。',
    selectDataset: '在左侧选择一个数据集，或新建一个。',
    inputSize: '训练尺寸 {n}×{n}',
    dismiss: '关闭',
  },
};
