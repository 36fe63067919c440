import ipaddr from 'ipaddr.js';

/** An IPv4 address in its one canonical form (what Node reports for an IPv4 socket): its own key. */
const CANONICAL_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * The key under which limits count a client address: an IPv4 address as it is, an IPv6 address by
 * its /64 prefix (one household or phone gets a whole /64 and may use any address in it; counting
 * single IPv6 addresses would give each client billions of budgets). IPv4-mapped IPv6 counts as IPv4.
 * Kept in memory only, never stored.
 */
export function addressKey(address: string): string {
  // Every request asks this (the rate limits): the common case without ipaddr's parser.
  if (CANONICAL_IPV4.test(address)) return address;
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}
