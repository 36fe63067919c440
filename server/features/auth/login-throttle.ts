import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../errors.ts';
import { addressKey } from '../../address.ts';

/** The limits of password guessing, per OWASP's "Slow Down Online Guessing Attacks with Device Cookies". */
export const LOGIN_LIMITS = {
  /** Attempts per account from devices that never signed in to it, per window. */
  accountFromUnknownDevices: 10,
  /** Attempts per client address (IPv6 per /64) from unknown devices, per window. */
  addressFromUnknownDevices: 50,
  /** Attempts per device cookie, per window; past it the device counts as unknown. */
  device: 10,
  windowSeconds: 15 * 60,
  deviceCookieDays: 365,
} as const;

export const DEVICE_COOKIE_PREFIX = 'mitreden_device_';

/** The cookie name for one account: a tablet shared by several staff keeps one device cookie per account. */
export function deviceCookieName(username: string): string {
  return `${DEVICE_COOKIE_PREFIX}${createHmac('sha256', 'mitreden-device-cookie-name').update(username.toLowerCase()).digest('base64url').slice(0, 12)}`;
}

export interface LoginAttempt {
  /** The password was right: the points this attempt took are given back (a success is no guess). */
  succeeded(): Promise<void>;
}

/**
 * Sign-in throttling. Every attempt takes its points BEFORE the password is checked, so parallel
 * guesses cannot slip past the limit while the hash is computed; a success gives them back.
 *
 * - A device that signed in to an account before carries a device cookie for it (the account name
 *   and a random nonce, signed with an HMAC key kept in the database). Its attempts count against
 *   that cookie only: the owner on a known device keeps getting in while strangers guess, and
 *   colleagues behind one NAT are not locked out by each other's typos or by an attacker.
 * - Attempts from unknown devices count per account and per address (IPv6 per /64). When either
 *   is spent, unknown devices wait until the window ends (15 minutes); nothing locks for good.
 * - A device cookie that fails too often counts as an unknown device from then on.
 * Counted in memory only; the address is never written anywhere.
 */
export class LoginThrottle {
  private readonly perAccount = new RateLimiterMemory({ points: LOGIN_LIMITS.accountFromUnknownDevices, duration: LOGIN_LIMITS.windowSeconds });
  private readonly perAddress = new RateLimiterMemory({ points: LOGIN_LIMITS.addressFromUnknownDevices, duration: LOGIN_LIMITS.windowSeconds });
  private readonly perDevice = new RateLimiterMemory({ points: LOGIN_LIMITS.device, duration: LOGIN_LIMITS.windowSeconds });

  constructor(private readonly deviceKey: Buffer) {}

  /**
   * The device cookie for an account that just signed in on this device: under the nonce of the
   * cookie it brought (`knownDevice`), so a browser stays the same device across its sign-ins, or a new one.
   */
  issueDeviceCookie(username: string, nonce: string = randomBytes(16).toString('base64url')): string {
    const payload = `v1.${Buffer.from(username.toLowerCase()).toString('base64url')}.${nonce}`;
    return `${payload}.${this.sign(payload)}`;
  }

  /** The nonce of a device cookie that is genuine and belongs to this account, else null. */
  knownDevice(username: string, cookie: string | undefined): string | null {
    if (!cookie) return null;
    const [version, account, nonce, signature] = cookie.split('.');
    if (version !== 'v1' || !account || !nonce || !signature || cookie.split('.').length !== 4) return null;
    const expected = Buffer.from(this.sign(`${version}.${account}.${nonce}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return Buffer.from(account, 'base64url').toString() === username.toLowerCase() ? nonce : null;
  }

  /** Takes this attempt's points; throws 429 (and takes nothing more) when a limit is spent. */
  async begin(username: string, address: string, deviceCookie: string | undefined): Promise<LoginAttempt> {
    const device = this.knownDevice(username, deviceCookie);
    if (device && (await this.take(this.perDevice, device))) return this.attempt([[this.perDevice, device]]);

    const account = username.toLowerCase();
    const client = addressKey(address);
    const accountWait = await this.take(this.perAccount, account);
    if (!accountWait) throw this.tooMany(await this.perAccount.get(account), 'this account');
    const addressWait = await this.take(this.perAddress, client);
    if (!addressWait) {
      await this.perAccount.reward(account, 1);
      throw this.tooMany(await this.perAddress.get(client), 'this network');
    }
    return this.attempt([
      [this.perAccount, account],
      [this.perAddress, client],
    ]);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.deviceKey).update(payload).digest('base64url');
  }

  /** Consumes one point; false when none is left (rate-limiter-flexible rejects with its state). */
  private async take(limiter: RateLimiterMemory, key: string): Promise<boolean> {
    try {
      await limiter.consume(key, 1);
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      throw rejection;
    }
  }

  private attempt(taken: Array<[RateLimiterMemory, string]>): LoginAttempt {
    return {
      succeeded: async () => {
        await Promise.all(taken.map(([limiter, key]) => limiter.reward(key, 1)));
      },
    };
  }

  private tooMany(state: RateLimiterRes | null, what: string): AppError {
    const minutes = Math.max(1, Math.ceil((state?.msBeforeNext ?? LOGIN_LIMITS.windowSeconds * 1000) / 60_000));
    return new AppError(
      429,
      'too_many_login_attempts',
      `Too many sign-in attempts for ${what} from devices not used before. Try again in ${minutes} min, or sign in on a device you have used before.`,
      { retryAfterSeconds: minutes * 60 },
    );
  }
}
