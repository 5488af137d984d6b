// Composition root. The Electron shell (window, IPC) arrives with the kiosk UI issue.
import { app } from 'electron';

app.whenReady().then(() => {
  console.log('SMS Kiosk Sign-In: the kiosk window is not built yet; use the admin CLI.');
  app.quit();
});
