/**
 * The words the requests are made of: three system prompts for a reading assistant, each the one before with more
 * added, and the readers' questions, each begun with its own letter so that no two share a first token and the prefix
 * the requests have in common ends exactly where the system prompt does. Written for this widget.
 */

export type SystemPromptId = 'sentence' | 'paragraph' | 'brief';

/** A system prompt the reader can pick. */
export interface SystemPrompt {
  id: SystemPromptId;
  name: string;
  text: string;
}

const SENTENCE =
  'You are a reading assistant. Answer questions about the novel the reader is reading in one short sentence.';

const PARAGRAPH =
  'You are a patient reading assistant for someone working through an English novel of the early nineteenth ' +
  'century. Answer each question about the book plainly and briefly, quote the text where a quotation helps, and ' +
  'never give away what happens in chapters the reader has not reached yet.';

const BRIEF =
  PARAGRAPH +
  ' If a question cannot be answered from the book itself, say so rather than guess. Explain old words and ' +
  'customs when they come up, such as an entail, a morning call or a dowry, in plain modern English. Keep each ' +
  'answer under three sentences unless the reader asks for more.';

/** Shortest first. */
export const SYSTEM_PROMPTS: readonly SystemPrompt[] = [
  { id: 'sentence', name: 'One sentence', text: SENTENCE },
  { id: 'paragraph', name: 'A paragraph', text: PARAGRAPH },
  { id: 'brief', name: 'A fuller brief', text: BRIEF },
];

/** The readers' questions, in order of arrival; each starts with a space, as a word inside a text does. */
export const QUESTIONS: readonly string[] = [
  ' Who tells the story?',
  ' How does the first chapter open?',
  ' Is anyone married when the book begins?',
  ' Does the heroine have sisters?',
  ' Name the places where the story happens.',
  ' Could you sum up chapter two in one sentence?',
  ' Explain the title in a few words.',
  ' List the characters who write letters.',
];
