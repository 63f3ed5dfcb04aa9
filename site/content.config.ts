// The lessons collection: lessons/NN-slug/index.mdx, each checked against this schema at build time.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const source = z.object({
  title: z.string().min(1),
  url: z.url(),
  note: z.string().optional(),
});

const lessons = defineCollection({
  loader: glob({
    pattern: '*/index.mdx',
    base: './lessons',
    generateId: ({ entry }) => entry.split('/')[0]!.replace(/^\d+-/, ''),
  }),
  schema: z.object({
    title: z.string().min(1),
    summary: z.string().min(1),
    order: z.number().int().nonnegative(),
    goals: z.array(z.string().min(1)).min(1),
    sources: z.array(source).min(1),
  }),
});

export const collections = { lessons };
