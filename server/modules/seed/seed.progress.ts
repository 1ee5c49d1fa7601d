/**
 * Progress of a long load on stderr: a bar redrawn in place on a terminal, or a plain line every
 * tenth of the way (and at most every 5 s otherwise) when stderr is a file or a pipe, so that CI
 * logs stay readable.
 */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

export function createProgress(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  const tty = !!stream.isTTY;
  let lastLine = 0;
  let lastTenth = -1;
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const fmt = (n: number) => n.toLocaleString('en-GB');
  return {
    update(done) {
      const fraction = total ? Math.min(1, done / total) : 1;
      if (tty) {
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${fmt(done)}/${fmt(total)} ${seconds()} s`);
        return;
      }
      const tenth = Math.floor(fraction * 10);
      const now = performance.now();
      if (tenth > lastTenth || now - lastLine > 5_000) {
        lastTenth = tenth;
        lastLine = now;
        stream.write(`${label}: ${fmt(done)} of ${fmt(total)} (${Math.floor(fraction * 100)}%) after ${seconds()} s\n`);
      }
    },
    finish() {
      if (tty) stream.write('\n');
    },
  };
}
