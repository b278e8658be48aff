/**
 * Schema issues in words a person reads: "Epochs must be at least 1.", not "argument 0.config.epochs:
 * Too small: expected number to be >=1". The code (`invalid_argument`) stays for tests and logs.
 */
import type { z } from 'zod';

/** Names of the fields people type into, as the forms label them. */
const fieldNames: Readonly<Record<string, string>> = {
  epochs: 'Epochs',
  batchSize: 'Batch size',
  learningRate: 'Learning rate',
  momentum: 'Momentum',
  patience: 'Patience',
  seed: 'Seed',
  filters: 'Filters',
  kernelSize: 'Kernel size',
  strides: 'Stride',
  poolSize: 'Pool size',
  units: 'Units',
  rate: 'Dropout rate',
  shift: 'Shift',
  rotation: 'Rotation',
  zoom: 'Zoom',
  brightness: 'Brightness',
  contrast: 'Contrast',
  train: 'Train %',
  val: 'Validation %',
  test: 'Test %',
  layers: 'The model',
  name: 'The name',
};

/** The field an issue is about: its last named path segment ("Epochs"), with the layer it is in. */
export function fieldOf(path: readonly PropertyKey[]): string {
  const names = path.filter((part): part is string => typeof part === 'string');
  const last = names[names.length - 1];
  if (last === undefined) return 'The value';
  const label = fieldNames[last] ?? humanize(last);
  const layerIndex = path[path.indexOf('layers') + 1];
  return path.includes('layers') && typeof layerIndex === 'number' && last !== 'layers'
    ? `${label} (layer ${layerIndex + 1})`
    : label;
}

function humanize(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && /received undefined/.test(issue.message);
}

/** What is wrong with the field, after its name: "must be at least 1". */
function complaint(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive === false
          ? `must be more than ${String(issue.minimum)}`
          : `must be at least ${String(issue.minimum)}`;
      return `needs at least ${String(issue.minimum)} ${issue.origin === 'string' ? 'characters' : 'items'}`;
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive === false
          ? `must be less than ${String(issue.maximum)}`
          : `must be at most ${String(issue.maximum)}`;
      return `allows at most ${String(issue.maximum)} ${issue.origin === 'string' ? 'characters' : 'items'}`;
    case 'invalid_type':
      if (isMissing(issue)) return 'is required';
      if (issue.expected === 'int') return 'must be a whole number';
      if (issue.expected === 'number') return 'must be a number';
      if (issue.expected === 'string') return 'must be text';
      return `must be a ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => String(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `has a setting Fovea does not know: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'is not in a form Fovea accepts';
    default:
      return 'is not valid';
  }
}

/** One issue as a sentence: "Epochs must be at least 1." */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') return sentence(issue.message);
  return `${fieldOf(issue.path)} ${complaint(issue)}.`;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Every issue of a failed parse as sentences, at most three (the rest are counted). */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  if (issues.length === 0) return 'The request was not in a form Fovea accepts.';
  const shown = issues.slice(0, 3).map(describeIssue);
  const rest = issues.length - shown.length;
  return rest > 0 ? `${shown.join(' ')} (and ${rest} more)` : shown.join(' ');
}
