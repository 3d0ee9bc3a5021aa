import pc from 'picocolors';
import type { Verdict } from '@tlkit/experiment';

/**
 * Colours a verdict sentence for a terminal by the report's verdict field, never by its words (picocolors honours
 * NO_COLOR and non-TTY output).
 */
export function colourVerdict(sentence: string, verdict: Verdict | undefined): string {
  return verdict === 'helped'
    ? pc.green(sentence)
    : verdict === 'hurt'
      ? pc.red(sentence)
      : verdict === undefined
        ? sentence
        : pc.yellow(sentence);
}
