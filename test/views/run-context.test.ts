/**
 * On a terminal, a warning printed while a live progress line is shown starts on a clean line
 * instead of being glued to the end of the progress text; in a log nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { runContextOf } from '../../src/commands/run-context.js';
import { recordingIO } from '../support/recording-io.js';

describe('warnings next to a live line', () => {
  it('clear the live line first on a terminal', () => {
    const io = recordingIO('/tmp');
    Object.assign(io.stderr, { isTTY: true });
    io.stderr.write('\r\x1b[2KReading Seller Center: page 1 of 6');
    runContextOf(io).warn('batch b-1: the API reported a status shelf does not know');
    expect(io.err().split('\r\x1b[2K').at(-1)).toBe('Warning: batch b-1: the API reported a status shelf does not know\n');
  });

  it('are plain lines in a log', () => {
    const io = recordingIO('/tmp');
    runContextOf(io).warn('odd');
    expect(io.err()).toBe('Warning: odd\n');
  });
});
