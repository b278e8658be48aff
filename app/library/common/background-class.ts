/**
 * "None of these" as data: a model can only answer with the classes it was trained on, so the
 * usual way to teach it "none" (Teachable Machine's advice too) is one more class of pictures
 * that are none of the others. Fovea names it `background`; pictures a person marks as "none"
 * go there, and the class is made the first time.
 */
import type { ClassSummary } from './types.js';

export const backgroundClassName = 'background';

/** The dataset's background class: class names are compared without case, as SQLite does. */
export function findBackgroundClass<C extends Pick<ClassSummary, 'name'>>(
  classes: readonly C[],
): C | null {
  return classes.find((item) => item.name.toLowerCase() === backgroundClassName) ?? null;
}
