// The lessons in reading order, and each one's neighbours.
import { getCollection, type CollectionEntry } from 'astro:content';
import { resolveLesson, type ResolvedLesson } from './lesson-links';

export type Lesson = CollectionEntry<'lessons'>;

/** All lessons sorted by their `order` field. */
export async function lessonsInOrder(): Promise<Lesson[]> {
  const lessons = await getCollection('lessons');
  return lessons.sort((a, b) => a.data.order - b.data.order);
}

/** The site-relative link to a lesson, under the configured base path. */
export function lessonHref(lesson: Lesson): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, '')}/lessons/${lesson.id}/`;
}

/** The lesson `slug` names, written or planned; throws for a slug that is neither (see lesson-links.ts). */
export async function lessonBySlug(slug: string): Promise<ResolvedLesson> {
  const written = (await lessonsInOrder()).map((lesson) => ({
    slug: lesson.id,
    order: lesson.data.order,
    title: lesson.data.title,
    href: lessonHref(lesson),
  }));
  return resolveLesson(slug, written);
}
