// Cross-references between lessons: a slug resolves to a written lesson (a link) or to one the syllabus plans and
// nobody has written yet (plain text marked "coming"); any other slug is a mistake, and the build stops on it.

/** The syllabus's lessons 4–9, not written yet. A lesson written under one of these slugs or orders replaces its row. */
export const plannedLessons: readonly PlannedLesson[] = [
  { order: 4, slug: 'quantization', title: 'Quantization' },
  { order: 5, slug: 'pruning-distillation', title: 'Pruning and distillation' },
  { order: 6, slug: 'speculative-sampling', title: 'Speculative sampling' },
  { order: 7, slug: 'continuous-batching', title: 'Continuous batching' },
  { order: 8, slug: 'paged-attention', title: 'PagedAttention' },
  { order: 9, slug: 'server', title: 'A server in your tab' },
];

export interface PlannedLesson {
  order: number;
  /** The folder name the lesson will be written under, without its number: lessons/NN-slug/. */
  slug: string;
  title: string;
}

/** A lesson of the collection, as a link needs it. */
export interface WrittenLesson extends PlannedLesson {
  /** Its page, under the site's base path. */
  href: string;
}

export type ResolvedLesson = ({ status: 'written' } & WrittenLesson) | ({ status: 'coming' } & PlannedLesson);

/**
 * The lesson `slug` names: a written one, else a planned one whose place no written lesson has taken. Throws, naming
 * the slugs it knows, for any other.
 */
export function resolveLesson(
  slug: string,
  written: readonly WrittenLesson[],
  planned: readonly PlannedLesson[] = plannedLessons,
): ResolvedLesson {
  const lesson = written.find((l) => l.slug === slug);
  if (lesson) return { status: 'written', ...lesson };
  const coming = planned.filter((p) => !written.some((l) => l.order === p.order));
  const plan = coming.find((p) => p.slug === slug);
  if (plan) return { status: 'coming', ...plan };
  const known = [...written, ...coming].map((l) => l.slug).join(', ');
  throw new Error(
    `LessonLink: no lesson "${slug}". Written or planned (site/lib/lesson-links.ts) are: ${known}.`,
  );
}

/** "Lesson 3" at the start of a sentence, "lesson 3" inside one; a no-break space keeps the number on the line. */
export function lessonNumber(order: number, capital: boolean): string {
  return `${capital ? 'Lesson' : 'lesson'}\u00a0${order}`;
}

/**
 * A title as it reads inside a sentence: "Speculative sampling" → "speculative sampling", while a first word
 * with capitals of its own ("PagedAttention", "KV") keeps them.
 */
export function titleInProse(title: string): string {
  const first = title.split(' ')[0]!;
  return /^[A-Z][a-z]*$/.test(first) ? title[0]!.toLowerCase() + title.slice(1) : title;
}
