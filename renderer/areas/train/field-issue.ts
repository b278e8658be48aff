import type { FieldIssue } from '../../lib/state/field-rules.js';
import { localeState } from '../../lib/i18n.svelte.js';
import { messages as areaMessages } from './messages.js';
import { messages } from './setup-messages.js';
import { messages as pretrainedMessages } from './pretrained-messages.js';

const t = localeState.translator(messages);
const ta = localeState.translator(areaMessages);
const tp = localeState.translator(pretrainedMessages);
const pretrainedFields = new Set(['hidden', 'dropout', 'weightDecay', 'fineTune', 'headEpochs']);

/** "Epochs must be at least 1", in the user's language, for the field labelled `field`. */
export function issueText(field: string, issue: FieldIssue): string {
  const limit = 'limit' in issue ? issue.limit.toLocaleString(localeState.locale) : '';
  return t(`issue.${issue.kind}`, { field, limit });
}

const layerFields = new Set(['filters', 'units', 'poolSize', 'rate']);
const recipeFields = new Set([
  'epochs',
  'batchSize',
  'learningRate',
  'patience',
  'shift',
  'rotation',
  'zoom',
  'brightness',
  'contrast',
]);

/**
 * The sentence for an issue of `TrainingState.fieldIssues`: a recipe field by its key
 * ("epochs"), a layer's number as "layer.<index>.<field>" ("Layer 2: Filters must be at least 1").
 */
export function describeFieldIssue(key: string, issue: FieldIssue): string {
  const [head, index, field] = key.split('.');
  // A pretrained field, "pretrained.<field>": the head's recipe in the pretrained form.
  if (head === 'pretrained' && index !== undefined)
    return issueText(
      pretrainedFields.has(index) ? tp(index as 'hidden') : ta('learningRate'),
      issue,
    );
  if (head === 'layer' && field !== undefined && layerFields.has(field))
    return t('layerIssue', {
      n: Number(index) + 1,
      message: issueText(t(field as 'filters'), issue),
    });
  return issueText(recipeFields.has(key) ? ta(key as 'epochs') : key, issue);
}
