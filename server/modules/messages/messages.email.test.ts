import { describe, expect, it } from 'vitest';
import { createEmailTransport, logTransport } from './messages.email.ts';

describe('email transport', () => {
  it('the default writes one log line with the recipient\'s user id and the subject, never the body or address', async () => {
    const lines: unknown[][] = [];
    const transport = createEmailTransport('log', { info: (...args: unknown[]) => void lines.push(args) } as never);
    expect(transport.name).toBe('log');
    await transport.send({ userId: 'u-1', to: 'officer@example.org', subject: 'Notification duties overdue or due this week', body: 'Record WKL-000001 of SMITH, John' });
    expect(lines).toHaveLength(1);
    expect(lines[0]![0]).toEqual({ emailTo: 'u-1', subject: 'Notification duties overdue or due this week' });
    expect(JSON.stringify(lines)).not.toContain('SMITH');
    expect(JSON.stringify(lines)).not.toContain('officer@example.org');
  });

  it('logTransport is what the factory gives for "log"', () => {
    expect(logTransport({ info() {} }).name).toBe(createEmailTransport('log', { info() {} }).name);
  });
});
