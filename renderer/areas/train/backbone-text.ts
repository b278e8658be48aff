import type { StartChoice } from '../../lib/state/start-from.svelte.js';
import { findBackbone } from '../../../app/engine/common/backbones.js';
import { localeState } from '../../lib/i18n.svelte.js';
import { messages } from './pretrained-messages.js';

const t = localeState.translator(messages);

/**
 * The bundled backbone in the user's language; any other (downloaded, from a folder) in the
 * words of its own registry entry, which Fovea cannot translate.
 */
export function backboneName(id: string): string {
  if (id === 'mobilenet-v2') return t('mobilenet-v2.name');
  return findBackbone(id)?.name ?? id;
}

export function backboneDescription(backbone: StartChoice): string {
  return backbone.id === 'mobilenet-v2' ? t('mobilenet-v2.description') : backbone.description;
}

export function licencePart(backbone: StartChoice, index: number, part: string): string {
  if (backbone.id !== 'mobilenet-v2' || index > 1) return part;
  return t(index === 0 ? 'mobilenet-v2.licence.0' : 'mobilenet-v2.licence.1');
}
