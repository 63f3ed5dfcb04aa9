import { describe, expect, it } from 'vitest';
import {
  lessonNumber,
  plannedLessons,
  resolveLesson,
  titleInProse,
  type WrittenLesson,
} from './lesson-links';

const written: WrittenLesson[] = [
  { slug: 'prefill-decode', order: 1, title: 'Prefill and decode', href: '/base/lessons/prefill-decode/' },
  { slug: 'kv-cache', order: 2, title: 'The KV cache', href: '/base/lessons/kv-cache/' },
];

describe('resolveLesson', () => {
  it('links a written lesson by its slug, with its order, title and page', () => {
    expect(resolveLesson('kv-cache', written)).toEqual({
      status: 'written',
      slug: 'kv-cache',
      order: 2,
      title: 'The KV cache',
      href: '/base/lessons/kv-cache/',
    });
  });

  it('marks a planned lesson nobody has written as coming, without a page', () => {
    const lesson = resolveLesson('speculative-sampling', written);
    expect(lesson).toEqual({
      status: 'coming',
      slug: 'speculative-sampling',
      order: 6,
      title: 'Speculative sampling',
    });
    expect(lesson).not.toHaveProperty('href');
  });

  /** Lesson 4, written under `slug`. */
  const fourth = (slug: string): WrittenLesson => ({
    slug,
    order: 4,
    title: 'Quantization',
    href: `/lessons/${slug}/`,
  });

  it('prefers the written lesson once a planned one is written under its slug', () => {
    expect(resolveLesson('quantization', [...written, fourth('quantization')])).toEqual({
      status: 'written',
      ...fourth('quantization'),
    });
  });

  it('throws for a planned slug whose place a lesson of another slug has taken', () => {
    expect(() => resolveLesson('quantization', [...written, fourth('quantizing')])).toThrow(
      /no lesson "quantization"/,
    );
  });

  it('throws for a slug that is neither written nor planned, naming those that are', () => {
    expect(() => resolveLesson('kv-cash', written)).toThrow(
      'LessonLink: no lesson "kv-cash". Written or planned (site/lib/lesson-links.ts) are: prefill-decode, kv-cache, quantization, pruning-distillation, speculative-sampling, continuous-batching, paged-attention, server.',
    );
  });
});

describe('plannedLessons', () => {
  it('lists lessons 4 to 9 of the syllabus, once each', () => {
    expect(plannedLessons.map((l) => l.order)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(new Set(plannedLessons.map((l) => l.slug)).size).toBe(plannedLessons.length);
  });
});

describe('link text', () => {
  it('numbers a lesson, capitalised at the start of a sentence, the number kept on the line', () => {
    expect(lessonNumber(3, false)).toBe('lesson\u00a03');
    expect(lessonNumber(3, true)).toBe('Lesson\u00a03');
  });

  it('lowers a title into prose unless its first word carries capitals of its own', () => {
    expect(titleInProse('Speculative sampling')).toBe('speculative sampling');
    expect(titleInProse('A server in your tab')).toBe('a server in your tab');
    expect(titleInProse('PagedAttention')).toBe('PagedAttention');
    expect(titleInProse('KV cache')).toBe('KV cache');
  });
});
