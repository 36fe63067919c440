import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Role } from '../../shared/domain.ts';
import { loadMe, me } from '../session.ts';
import { Layout, Loading } from './Layout.tsx';
import { t } from './messages.ts';

/** Shows its children to a signed-in user of one of the roles; sends others to the login page. */
export function RequireRole({ roles, children, title }: { roles: readonly Role[]; children: ComponentChildren; title: string }) {
  const { route, url } = useLocation();
  const user = me.value;
  useEffect(() => {
    if (user === undefined) void loadMe().catch(() => undefined);
    else if (user === null) route(`/login?next=${encodeURIComponent(url)}`, true);
  }, [user]);
  if (!user) return <Layout title={title}><Loading /></Layout>;
  if (!roles.includes(user.role)) {
    return (
      <Layout title={title}>
        <h1>{t('requireRole.noAccess')}</h1>
        <p>{t('requireRole.thisAreaIsMeant')}</p>
      </Layout>
    );
  }
  return <>{children}</>;
}
