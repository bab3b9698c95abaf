/** Progress for long work: a bar on a TTY, a plain line every few seconds otherwise. */
export function progress(label: string, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number, extra?: string) => void {
  let last = 0;
  const tty = stream.isTTY === true;
  return (done, total, extra = '') => {
    const now = Date.now();
    const finished = total > 0 && done >= total;
    if (!finished && now - last < (tty ? 100 : 5000)) return;
    last = now;
    const pct = total > 0 ? Math.min(1, done / total) : 0;
    if (tty) {
      const width = 30;
      const bar = total > 0 ? '█'.repeat(Math.round(pct * width)).padEnd(width, '░') : '';
      stream.write(`\r${label} ${bar} ${total > 0 ? `${(pct * 100).toFixed(0)}%` : done} ${extra}\x1b[K${finished ? '\n' : ''}`);
    } else {
      stream.write(`${label}: ${done}${total > 0 ? `/${total}` : ''} ${extra}\n`);
    }
  };
}
