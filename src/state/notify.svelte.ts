/**
 * Browser notifications for fired alerts: the permission as the page knows it, asking for it (only
 * behind a button: browsers ignore requests that no click started), and raising one notification
 * per new alert while the page is open. Nothing is raised without permission.
 */
export type Permission = NotificationPermission | 'unsupported';

const supported = () => typeof Notification !== 'undefined';

export class NotifyState {
  #permission = $state<Permission>(supported() ? Notification.permission : 'unsupported');
  /** Alerts already raised (one notification each). */
  #raised = new Set<string>();
  #count = $state(0);

  get permission() { return this.#permission; }
  /** Notifications raised by this page so far. */
  get count() { return this.#count; }

  async request(): Promise<void> {
    if (!supported()) return;
    try {
      this.#permission = await Notification.requestPermission();
    } catch {
      this.#permission = Notification.permission;
    }
  }

  /** Raises a notification for an alert (once per id) when permitted; answers whether one was shown. */
  raise(id: string, title: string, body: string, onclick?: () => void): boolean {
    if (!supported() || this.#raised.has(id)) return false;
    this.#permission = Notification.permission;
    if (this.#permission !== 'granted') return false;
    this.#raised.add(id);
    try {
      const n = new Notification(title, { body, tag: `benchtop-alert-${id}` });
      if (onclick) n.onclick = () => { window.focus(); onclick(); n.close(); };
      this.#count++;
      return true;
    } catch {
      // Some browsers only allow notifications from a service worker registration.
      return false;
    }
  }
}

export const notifier = new NotifyState();
