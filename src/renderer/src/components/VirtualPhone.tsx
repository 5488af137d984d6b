// The browser demo's "virtual phone": every SMS the simulated modem sent, newest first, so a
// person trying the kiosk can read their code. Only the demo renders it (App.tsx, kiosk.info
// demo:true); its text is English on purpose, it is not part of the kiosk's own screens.
import { useEffect, useState } from 'react';
import {
  fetchDemoPeople,
  subscribePhone,
  type DemoPerson,
  type PhoneMessage,
} from '../platform/web-transport';
import './VirtualPhone.css';

const CODE = /\b\d{6,8}\b/;

export function VirtualPhone() {
  const [messages, setMessages] = useState<PhoneMessage[]>([]);
  const [people, setPeople] = useState<DemoPerson[]>([]);

  useEffect(
    () =>
      subscribePhone((message) =>
        // The stream replays what it has after a reconnect: keep each message once.
        setMessages((list) => (list.some((m) => m.id === message.id) ? list : [...list, message])),
      ),
    [],
  );

  useEffect(() => {
    let live = true;
    void fetchDemoPeople().then((list) => {
      if (live) setPeople(list);
    });
    return () => {
      live = false;
    };
  }, []);

  const newestFirst = [...messages].sort((a, b) => b.time - a.time || b.id - a.id);

  return (
    <aside
      className="virtual-phone"
      aria-labelledby="virtual-phone-title"
      lang="en"
      data-testid="virtual-phone"
    >
      <h2 id="virtual-phone-title">Virtual phone</h2>
      <p className="virtual-phone-note">
        Demo only: the simulated modem delivers text messages here instead of to real phones.
      </p>
      {people.length > 0 ? (
        <section className="virtual-phone-people" aria-labelledby="virtual-phone-people-title">
          <h3 id="virtual-phone-people-title">Numbers to try</h3>
          <ul>
            {people.map((person) => (
              <li key={person.phone}>
                <span className="virtual-phone-number">{person.phone}</span>{' '}
                <span className="virtual-phone-name">{person.name}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h3 id="virtual-phone-inbox-title">Messages</h3>
      {newestFirst.length === 0 ? (
        <p className="virtual-phone-empty" data-testid="phone-empty">
          No messages yet.
        </p>
      ) : null}
      <div role="log" aria-live="polite" aria-labelledby="virtual-phone-inbox-title">
        <ol className="virtual-phone-inbox">
          {newestFirst.map((message) => (
            <li key={message.id} className="virtual-phone-message" data-testid="phone-message">
              <div className="virtual-phone-meta">
                <span>To {message.to}</span>
                <time dateTime={new Date(message.time).toISOString()}>
                  {new Date(message.time).toLocaleTimeString()}
                </time>
              </div>
              <p className="virtual-phone-text" data-testid="phone-text">
                <MessageText text={message.text} />
              </p>
            </li>
          ))}
        </ol>
      </div>
    </aside>
  );
}

/** The text with its code in bold, as a phone's one-time-code suggestion would pick it out. */
function MessageText({ text }: { text: string }) {
  const match = CODE.exec(text);
  if (!match) return <>{text}</>;
  return (
    <>
      {text.slice(0, match.index)}
      <strong data-testid="phone-code">{match[0]}</strong>
      {text.slice(match.index + match[0].length)}
    </>
  );
}
