import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { addressKey } from '../../server/address.ts';

/** What the key was before IPv4's fast path: ipaddr's parse for every address. */
function parsedKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${(parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
}

describe('addressKey', () => {
  it('counts an IPv4 address as itself and an IPv6 address by its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff::1')).toBe('2001:db8:1:2::/64');
  });

  it('gives every address the key the full parse gives, odd spellings of IPv4 included', () => {
    const odd = ['010.0.0.1', '0x7f.0.0.1', '127.1', '256.1.1.1', '1.2.3.04', ' 1.2.3.4', '1.2.3.4 ', '1.2.3', '', 'unix:/tmp/socket', '::1', '::ffff:7f00:1'];
    const canonical = Array.from({ length: 2_000 }, (_, i) => [i % 256, (i * 7) % 256, (i * 13) % 256, (i * 31) % 256].join('.'));
    for (const address of [...odd, ...canonical, '0.0.0.0', '255.255.255.255', '199.200.249.250']) expect(addressKey(address), address).toBe(parsedKey(address));
  });
});
