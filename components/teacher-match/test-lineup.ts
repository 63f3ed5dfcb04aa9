// Tests only: the shipped line-up as the widget's props, read from disk (Vitest runs from the repository root), and a
// run's result with the matches measured by engine/jobs/teacher-match.test.ts on the perplexity fixture's window.
import { readFileSync } from 'node:fs';
import { parameterCount, parseConfig, type TeacherMatch, type TeacherMatchRequest } from '@engine/index';
import type { TrainedModel } from '../frame/model-fit';
import { recordedComparison } from './recorded';
import type { Contender, Lineup, MatchResult } from './teacher-match';

const ids = ['prose-target', 'prose-pruned', 'prose-student'] as const;
const read = (id: string, file: string) => JSON.parse(readFileSync(`public/models/${id}/${file}`, 'utf8'));

function shipped(id: string): TrainedModel {
  const config = parseConfig(read(id, 'config.json'));
  const [path, cardPage] = [`/models/${id}`, `/model-cards/${id}/`];
  return { id, config, parameters: parameterCount(config), path, cardPage };
}

export const lineup: Lineup = { teacher: shipped(ids[0]), pruned: shipped(ids[1]), student: shipped(ids[2]) };

export const recorded = recordedComparison(ids.map((id) => ({ id, card: read(id, 'card.json') })));

/** A match over one window of 256 tokens. */
export function testMatch(
  perplexity: number,
  top1Agreement: number,
  meanKl: number,
  small = true,
): TeacherMatch {
  const parameters = small ? 2_755_008 : 10_228_608;
  return {
    meanNll: Math.log(perplexity),
    perplexity,
    top1Agreement,
    meanKl,
    tokens: 255,
    windows: 1,
    parameters,
    weightBytes: 4 * parameters,
  };
}

/** The four models as measured on the fixture's window, decode rates made up (round numbers). */
export const MEASURED: Record<Contender, TeacherMatch> = {
  teacher: testMatch(22.62, 1, 0, false),
  unhealed: testMatch(663.6, 37 / 255, 3.571),
  pruned: testMatch(27.12, 166 / 255, 0.2932),
  student: testMatch(26.44, 165 / 255, 0.292),
};
export const RATES: Record<Contender, number> = { teacher: 100, unhealed: 300, pruned: 300, student: 300 };

export const fullResult: MatchResult = {
  windows: 1,
  calibrationTokens: 256,
  models: (['teacher', 'unhealed', 'pruned', 'student'] as const).map((key) => ({
    key,
    match: MEASURED[key],
    tokensPerSecond: RATES[key],
  })),
};

const CONTENDER_OF: Record<string, Contender> = {
  'prose-target': 'teacher',
  'prose-pruned': 'pruned',
  'prose-student': 'student',
};

/** Which model a teacher-match request scores. */
export const contenderOf = (request: TeacherMatchRequest): Contender =>
  request.student.kept ? 'unhealed' : CONTENDER_OF[request.student.url.split('/').pop()!]!;
