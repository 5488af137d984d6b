// "Change PIN" on the signed-in worker's home screen: the PIN now, then the new one twice.
import { pinErrorText } from '../../lib/errors';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { kiosk } from '../../api';
import { PinField, pressPinKey } from './pin-field';
import { Keypad, type KeypadKey } from '../../components/Keypad';

export function ChangePin() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [old, setOld] = useState('');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  // The field the on-screen keypad types into: the one last focused.
  const [target, setTarget] = useState<'old' | 'pin' | 'confirm'>('old');
  const [message, setMessage] = useState('');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <>
        <button
          type="button"
          className="secondary-button"
          data-testid="change-pin"
          onClick={() => {
            setOpen(true);
            setDone(false);
          }}
        >
          {t('factor.changeOpen')}
        </button>
        {done ? (
          <p className="notice" role="status" data-testid="change-pin-done">
            {t('factor.changed')}
          </p>
        ) : null}
      </>
    );
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (pin !== confirm) {
      setMessage(t('factor.mismatch'));
      return;
    }
    setBusy(true);
    const result = await kiosk.session.changePin({ old, pin, confirm });
    setBusy(false);
    if (result.ok) {
      setOld('');
      setPin('');
      setConfirm('');
      setMessage('');
      setOpen(false);
      setDone(true);
      return;
    }
    const e2 = result.error;
    setMessage(
      e2.code === 'wrong_pin' && e2.attemptsLeft !== undefined
        ? t('factor.attemptsLeft', { count: e2.attemptsLeft })
        : pinErrorText(t, e2),
    );
  };

  return (
    <form
      className="entry-form change-pin"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-labelledby="change-pin-heading"
    >
      <h2 id="change-pin-heading">{t('factor.changeHeading')}</h2>
      <PinField
        id="change-pin-old"
        label={t('factor.oldPin')}
        value={old}
        onChange={setOld}
        onFocus={() => setTarget('old')}
      />
      <PinField
        id="change-pin-new"
        label={t('factor.newPin')}
        value={pin}
        onChange={setPin}
        onFocus={() => setTarget('pin')}
        describedBy="change-pin-error"
      />
      <PinField
        id="change-pin-confirm"
        label={t('factor.confirmPin')}
        value={confirm}
        onChange={setConfirm}
        onFocus={() => setTarget('confirm')}
      />
      <Keypad
        onKey={(key: KeypadKey) => {
          const press = (v: string) => pressPinKey(v, key);
          if (target === 'old') setOld(press);
          else if (target === 'pin') setPin(press);
          else setConfirm(press);
        }}
        withPlus={false}
        disabled={busy}
        controls={`change-pin-${target === 'pin' ? 'new' : target}`}
      />
      <p
        id="change-pin-error"
        className="field-error"
        role="status"
        aria-live="polite"
        data-testid="change-pin-error"
      >
        {message}
      </p>
      <button
        type="submit"
        className="primary-button"
        data-testid="change-pin-save"
        aria-disabled={busy || undefined}
      >
        {t('factor.save')}
      </button>
      <button type="button" className="secondary-button" onClick={() => setOpen(false)}>
        {t('factor.cancel')}
      </button>
    </form>
  );
}
