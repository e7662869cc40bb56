/**
 * The last few lines a tool printed, for error messages: a failed FSL run says why at the end.
 */
export class LastLines {
  private readonly lines: string[] = [];

  /**
   * @example
   * const tail = new LastLines(20);
   * tail.push('Image Exception : #22 :: Failed to read volume in.nii');
   * tail.text(); // 'Image Exception : #22 :: Failed to read volume in.nii'
   */
  constructor(private readonly keep: number) {}

  /** Adds a line, forgetting the oldest beyond `keep`. */
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.keep) this.lines.shift();
  }

  /** The kept lines, one per line; empty when the tool printed nothing. */
  text(): string {
    return this.lines.join('\n');
  }
}
