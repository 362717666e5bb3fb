/** The `staff` table: accounts with their argon2id hash (which never leaves this module's callers in main). */
import { type StaffRole } from '../../../../shared/ipc/access';
import { type StaffAccount } from '../../../../shared/schemas/auth';
import { type AppDatabase } from '../store/openDatabase';

export interface StaffRow {
  id: string;
  login: string;
  display_name: string;
  role: StaffRole;
  password_hash: string;
  active: number;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
}

export function toAccount(row: StaffRow): StaffAccount {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    role: row.role,
    active: row.active === 1,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

export interface StaffRepo {
  count(): number;
  byId(id: string): StaffRow | undefined;
  byLogin(login: string): StaffRow | undefined;
  list(): StaffRow[];
  activeAdministrators(): number;
  insert(row: StaffRow): void;
  update(id: string, fields: { displayName?: string; role?: StaffRole; active?: boolean }, at: string): void;
  setPassword(id: string, passwordHash: string, at: string): void;
  signedIn(id: string, at: string): void;
}

export function createStaffRepo(db: AppDatabase): StaffRepo {
  const s = db.sqlite;
  const count = s.prepare('SELECT COUNT(*) AS n FROM staff');
  const byId = s.prepare('SELECT * FROM staff WHERE id = ?');
  const byLogin = s.prepare('SELECT * FROM staff WHERE login = ?');
  const list = s.prepare('SELECT * FROM staff ORDER BY display_name COLLATE NOCASE, login');
  const admins = s.prepare("SELECT COUNT(*) AS n FROM staff WHERE role = 'administrator' AND active = 1");
  const insert = s.prepare(
    `INSERT INTO staff (id, login, display_name, role, password_hash, active, created_at, updated_at, last_sign_in_at)
     VALUES (@id, @login, @display_name, @role, @password_hash, @active, @created_at, @updated_at, @last_sign_in_at)`,
  );
  const update = s.prepare(
    `UPDATE staff SET display_name = COALESCE(@displayName, display_name), role = COALESCE(@role, role),
       active = COALESCE(@active, active), updated_at = @at WHERE id = @id`,
  );
  const setPassword = s.prepare('UPDATE staff SET password_hash = ?, updated_at = ? WHERE id = ?');
  const signedIn = s.prepare('UPDATE staff SET last_sign_in_at = ? WHERE id = ?');
  return {
    count: () => (count.get() as { n: number }).n,
    byId: (id) => byId.get(id) as StaffRow | undefined,
    byLogin: (login) => byLogin.get(login) as StaffRow | undefined,
    list: () => list.all() as StaffRow[],
    activeAdministrators: () => (admins.get() as { n: number }).n,
    insert: (row) => void insert.run(row),
    update: (id, fields, at) =>
      void update.run({
        id,
        at,
        displayName: fields.displayName ?? null,
        role: fields.role ?? null,
        active: fields.active === undefined ? null : fields.active ? 1 : 0,
      }),
    setPassword: (id, passwordHash, at) => void setPassword.run(passwordHash, at, id),
    signedIn: (id, at) => void signedIn.run(at, id),
  };
}
