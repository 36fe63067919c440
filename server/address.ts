import ipaddr from 'ipaddr.js';

/**
 * The key under which limits count a client address: an IPv4 address as it is, an IPv6 address by
 * its /64 prefix (one household or phone gets a whole /64 and may use any address in it; counting
 * single IPv6 addresses would give each client billions of budgets). IPv4-mapped IPv6 counts as IPv4.
 * Kept in memory only, never stored.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}
