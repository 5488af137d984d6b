// The browser demo's "virtual phone": every SMS the simulated modem sent, newest first, so a
// person trying the kiosk can read their code. Only the demo renders it (App.tsx, kiosk.info
// demo:true); its text is English on purpose, it is not part of the kiosk's own screens.
import { useEffect, useState, type FormEvent } from 'react';
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
      {/* The messages first: the code a person came to read shows without scrolling. */}
      <h3 id="virtual-phone-inbox-title">Messages</h3>
      {newestFirst.length === 0 ? (
        <p className="virtual-phone-empty" data-testid="phone-empty">
          No messages yet.
        </p>
      ) : null}
      {/* The inbox scrolls on its own once it holds a few messages: focusable and named, so
          that keyboard users can scroll it too (axe: scrollable-region-focusable). */}
      <div
        className="virtual-phone-inbox-scroll"
        role="log"
        aria-live="polite"
        aria-labelledby="virtual-phone-inbox-title"
        tabIndex={newestFirst.length > 0 ? 0 : undefined}
        data-testid="phone-inbox"
      >
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
      {people.length > 0 ? <TextTheKiosk people={people} /> : null}
    </aside>
  );
}

/**
 * Text-to-sign-in in the demo: one of the people's phones texts the kiosk's SIM (the harness's
 * POST /demo/text makes the simulator deliver it, as the network would).
 */
function TextTheKiosk({ people }: { people: DemoPerson[] }) {
  const [from, setFrom] = useState(people[0]!.phone);
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') return;
    const response = await fetch('/demo/text', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from, text }),
    }).catch(() => undefined);
    setStatus(response?.ok ? `Sent from ${from}.` : 'The text could not be sent.');
    if (response?.ok) setText('');
  };
  return (
    <form
      className="virtual-phone-send"
      aria-labelledby="virtual-phone-send-title"
      onSubmit={(e) => void send(e)}
    >
      <h3 id="virtual-phone-send-title">Text the kiosk</h3>
      <label htmlFor="virtual-phone-from">From</label>
      <select
        id="virtual-phone-from"
        data-testid="phone-send-from"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
      >
        {people.map((person) => (
          <option key={person.phone} value={person.phone}>
            {person.name} ({person.phone})
          </option>
        ))}
      </select>
      <label htmlFor="virtual-phone-body">Message</label>
      <input
        id="virtual-phone-body"
        data-testid="phone-send-text"
        value={text}
        maxLength={320}
        autoComplete="off"
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" data-testid="phone-send">
        Send text
      </button>
      <p role="status" className="virtual-phone-note">
        {status}
      </p>
    </form>
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
