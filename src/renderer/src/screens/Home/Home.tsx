import { useTranslation } from 'react-i18next';
import type { ResourceLink } from '../../../../shared/ipc/contract';
import { useFocusOnMount } from '../../hooks/use-focus-on-mount';
import { useKiosk } from '../../store';
import { ChangePin } from '../Factor/ChangePin';

/** Only web links open; anything else in the registry (javascript:, file:) is shown as text. */
export function isOpenableUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export function Home() {
  const { t } = useTranslation();
  const name = useKiosk((s) => s.session?.user.displayName ?? '');
  const resources = useKiosk((s) => s.session?.resources);
  const hasPin = useKiosk((s) => s.session?.user.hasPin ?? false);
  const signOut = useKiosk((s) => s.signOut);
  const heading = useFocusOnMount<HTMLHeadingElement>();

  return (
    <section className="screen screen-home" aria-labelledby="home-greeting">
      <div className="home-top">
        <h1 id="home-greeting" data-testid="home-greeting" ref={heading} tabIndex={-1}>
          {t('home.greeting', { name })}
        </h1>
        <button
          type="button"
          className="sign-out-button"
          data-testid="sign-out"
          onClick={() => void signOut()}
        >
          {t('home.signOut')}
        </button>
      </div>
      <p className="hint">{t('home.signOutHint')}</p>
      <button
        type="button"
        className="secondary-button"
        data-testid="my-security"
        onClick={() => void useKiosk.getState().openMySecurity()}
      >
        {t('security.open')}
      </button>
      {hasPin ? <ChangePin /> : null}
      <h2 id="resources-heading">{t('home.resources')}</h2>
      {resources && resources.length > 0 ? (
        <ul className="resources" aria-labelledby="resources-heading" data-testid="resources">
          {resources.map((r, i) => (
            <li key={`${i}-${r.url}`}>
              <ResourceButton resource={r} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="lead" data-testid="no-resources">
          {t('home.noResources')}
        </p>
      )}
    </section>
  );
}

function ResourceButton({ resource }: { resource: ResourceLink }) {
  const { t } = useTranslation();
  if (!isOpenableUrl(resource.url)) {
    return <span className="resource resource-disabled">{resource.name}</span>;
  }
  return (
    <a
      className="resource"
      href={resource.url}
      target="_blank"
      rel="noopener noreferrer"
      data-testid="resource-link"
      onClick={(e) => {
        e.preventDefault();
        // The Electron shell turns this into a locked-down child window; noopener keeps the
        // resource's page away from window.kiosk.
        window.open(resource.url, '_blank', 'noopener,noreferrer');
      }}
    >
      <span className="resource-name">{resource.name}</span>
      <span className="resource-host">
        {new URL(resource.url).host}
        <span className="sr-only"> ({t('home.opensInWindow')})</span>
      </span>
    </a>
  );
}
