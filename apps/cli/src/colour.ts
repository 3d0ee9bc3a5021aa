import pc from 'picocolors';

/** Colours the verdict words of a report for a terminal (picocolors honours NO_COLOR and non-TTY output). */
export function colourVerdicts(text: string): string {
  return text
    .replace(/transfer helped/g, pc.green('transfer helped'))
    .replace(/transfer hurt \(negative transfer\)/g, pc.red('transfer hurt (negative transfer)'))
    .replace(/no clear difference/g, pc.yellow('no clear difference'));
}
